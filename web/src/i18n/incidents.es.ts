import type { IncidentNotice, IncidentSeverity, IncidentStatus } from '../gql/graphql';

/** The console's incidents (raid mode): queue rows, the map's shapes and the incident panel. */
export const incidentsEs = {
  heading: 'Operativos',
  row: (open: number) => (open === 1 ? '1 alerta abierta' : `${open} alertas abiertas`),
  open: 'Abrir el operativo',
  status: { DETECTED: 'Detectado', CONFIRMED: 'Confirmado', DISMISSED: 'Descartado', CLOSED: 'Cerrado', MERGED: 'Fusionado' } satisfies Record<IncidentStatus, string>,
  severity: { HIGH: 'Gravedad alta', MEDIUM: 'Gravedad media', LOW: 'Gravedad baja' } satisfies Record<IncidentSeverity, string>,
  panel: {
    title: (n: number) => `Operativo · ${n} ${n === 1 ? 'alerta' : 'alertas'}`,
    close: 'Cerrar',
    since: (span: string) => `desde hace ${span}`,
    owner: (name: string) => `A cargo de ${name}`,
    alerts: 'Alertas del operativo',
    alertMissing: 'cerrada o fuera de su cola',
    team: 'Equipo',
    noTeam: 'Sin equipo asignado.',
    lead: (name: string) => `Responsable: ${name}`,
    position: (km: string, age: string) => `a ${km} km del centro · posición de hace ${age}`,
    noPosition: 'sin posición reciente',
    editTeam: 'Elegir el equipo',
    saveTeam: 'Guardar el equipo',
    noRoster: 'No hay asesores activos en el consulado.',
  },
  actions: {
    confirm: 'Confirmar operativo',
    dismiss: 'Descartar (falsa agrupación)',
    dismissReason: 'Motivo (opcional)',
    notice: 'Aviso a las personas',
    post: 'Enviar aviso',
    posted: 'Aviso enviado a cada persona en su idioma.',
    done: 'Hecho.',
    failed: (code: string) => `No se pudo: ${code}`,
  },
  notice: {
    CONSULATE_AWARE: 'El consulado sabe del operativo en su zona',
    ADVISOR_ON_THE_WAY: 'El consulado sabe del operativo; un asesor va en camino',
    STAY_CALM_KNOW_YOUR_RIGHTS: 'Mantenga la calma: tiene derecho a guardar silencio',
  } satisfies Record<IncidentNotice, string>,
  map: { legend: 'Operativo (área y alertas abiertas)' },
};
