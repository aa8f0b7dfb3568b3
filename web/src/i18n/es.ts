import type { AlertKind, AlertStatus, MatchMethod } from '../gql/graphql';

/** Spanish is the console's first language; `en.ts` must provide every key (same shape). */
export const es = {
  htmlLang: 'es',
  title: 'Alerta Consular · Consola',
  signIn: {
    heading: 'Entrar a la consola',
    help: 'Pegue el token de acceso que le entregó su consulado.',
    label: 'Token de acceso',
    submit: 'Entrar',
    problems: {
      invalid: 'El token no es válido.',
      expired: 'El token ya venció. Pida uno nuevo.',
      role: 'Esta consola es solo para operadores y supervisores.',
    },
  },
  signOut: 'Salir',
  signInAgain: 'Entrar de nuevo',
  who: (role: string, consulate: string | null) => (consulate ? `${role} · ${consulate}` : role),
  roles: { OPERATOR: 'Operador', SUPERVISOR: 'Supervisor', PERSON: 'Persona', ADVISOR: 'Asesor' } as Record<string, string>,
  connection: {
    live: 'En vivo',
    reconnecting: 'Reconectando…',
    rejected: 'Sin conexión: el servidor rechazó el token',
  },
  list: {
    heading: 'Alertas',
    loading: 'Conectando con el servidor de alertas…',
    empty: 'Sin alertas por ahora. Las nuevas aparecerán aquí en cuanto lleguen.',
    error: 'No se pudieron recibir las alertas.',
    retry: 'Reintentar',
    count: (n: number) => (n === 1 ? '1 alerta' : `${n} alertas`),
    offeredTo: (name: string) => `Ofrecida a ${name}`,
    coarse: 'ubicación aproximada',
  },
  age: (span: string) => `hace ${span}`,
  map: { label: 'Mapa de distritos consulares y alertas', districtsError: 'No se pudieron cargar los distritos.' },
  status: {
    RAISED: 'Nueva',
    OFFERED: 'Ofrecida',
    ACKNOWLEDGED: 'Aceptada',
    EN_ROUTE: 'En camino',
    ON_SCENE: 'En el lugar',
    RESOLVED: 'Resuelta',
    CANCELLED: 'Cancelada',
    ESCALATED: 'Escalada',
  } satisfies Record<AlertStatus, string>,
  kind: {
    IMMINENT_DETENTION: 'Detención inminente',
    RAID_NEARBY: 'Operativo cercano',
    DETAINED: 'Detenida ahora',
    CHECKPOINT: 'Retén o revisión',
    OTHER: 'Otra',
  } satisfies Record<AlertKind, string>,
  match: { CONTAINED: 'en el distrito', NEAREST: 'distrito más cercano', FALLBACK: 'fuera de distrito (CIAM)' } satisfies Record<MatchMethod, string>,
  switchLanguage: 'English',
};

export type Messages = typeof es;
