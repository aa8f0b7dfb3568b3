-- One alert as `alert_view` shows it, by id: the read that goes in the message committing a dispatch
-- transaction (api/src/sql/alerts.ts, `alertByIdStatement`). That message cannot carry parameters, so the
-- read was a new statement every time and PostgreSQL planned the view's joins at every raise (0.2-0.3 ms,
-- more than running it). A PL/pgSQL function keeps its plan for the session: after a few calls it runs
-- on a cached generic plan (a key lookup either way).
-- The function's rows are of the view's type: a migration that drops alert_view must drop this function
-- first and create it again after (PostgreSQL refuses the drop otherwise).
create function alert_view_by_id(alert_id uuid) returns setof alert_view
language plpgsql stable as $$
begin
  return query select * from alert_view where id = alert_id;
end
$$;
