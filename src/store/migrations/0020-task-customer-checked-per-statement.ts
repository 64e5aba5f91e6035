import { sql, type Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * A call task's customer is checked once per statement instead of once per task row. The foreign
 * key checked every inserted task with a lookup of its own, run through PostgreSQL's executor from
 * start to end: about ten lookups per created customer, a fifth of the embedded database's work on
 * the create path (BENCHMARKS.md, 2026-12-06). PostgreSQL 19 speeds those lookups up; this
 * migration gives the same on every version by checking a statement's tasks together.
 *
 * What the foreign key guaranteed still holds, kept by four triggers:
 * - every task inserted belongs to an existing customer: one query over the statement's new rows,
 *   which also takes the customer rows' key-share lock, as the foreign key's lookup did, so that a
 *   concurrent delete of the customer waits for this transaction and then deletes these tasks too;
 * - deleting customers deletes their tasks (the cascade), also when a company's delete cascades to
 *   its customers;
 * - neither a task's customer nor a customer's key changes (the foreign key allowed a change it
 *   could check; nothing in Callwise makes one, so it is refused outright).
 *
 * PL/pgSQL keeps a query's plan for the session, made at its first run, perhaps on a fresh and
 * empty deployment (the trap 0017 describes). The check's plan has one shape whatever the sizes
 * (above); the cascade's does not, so it is planned at each run (EXECUTE): deletes are rare.
 */
// Each statement runs on its own: function bodies hold semicolons, which runStatements splits on.
const UP = [
  `alter table call_tasks drop constraint call_tasks_company_id_customer_id_fkey`,
  `create function callwise_tasks_need_customers() returns trigger language plpgsql as $fn$
       declare
         customers_named bigint;
         customers_found bigint;
       begin
         -- One lookup by key (and key-share lock) per customer named. The lateral subquery is
         -- what keeps it so: it cannot become a join that reads the whole customers table, so the
         -- plan PL/pgSQL keeps for the session stays right however the tables grow.
         select count(*), count(k.found) into customers_named, customers_found
         from (select distinct company_id, customer_id from added) a
         left join lateral (select true as found from customers c
                            where c.company_id = a.company_id and c.id = a.customer_id for key share) k on true;
         if customers_found < customers_named then
           raise exception 'insert on table "call_tasks" names a customer that does not exist'
             using errcode = 'foreign_key_violation', table = 'call_tasks', constraint = 'call_tasks_customer';
         end if;
         return null;
       end $fn$`,
  `create trigger call_tasks_need_customers after insert on call_tasks referencing new table as added
       for each statement execute function callwise_tasks_need_customers()`,
  `create function callwise_delete_customers_tasks() returns trigger language plpgsql as $fn$
       begin
         execute 'delete from call_tasks t using gone g where t.company_id = g.company_id and t.customer_id = g.id';
         return null;
       end $fn$`,
  `create trigger customers_delete_tasks after delete on customers referencing old table as gone
       for each statement execute function callwise_delete_customers_tasks()`,
  `create function callwise_refuse_key_change() returns trigger language plpgsql as $fn$
       begin
         raise exception 'update on table "%" changes whose row it is (%)', tg_table_name, tg_argv[0]
           using errcode = 'foreign_key_violation', table = tg_table_name;
       end $fn$`,
  `create trigger call_tasks_keep_customer before update of company_id, customer_id on call_tasks for each row
       when (old.company_id is distinct from new.company_id or old.customer_id is distinct from new.customer_id)
       execute function callwise_refuse_key_change('a call task stays with its customer')`,
  `create trigger customers_keep_key before update of company_id, id on customers for each row
       when (old.company_id is distinct from new.company_id or old.id is distinct from new.id)
       execute function callwise_refuse_key_change('a customer keeps its company and id')`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    drop trigger customers_keep_key on customers;
    drop trigger call_tasks_keep_customer on call_tasks;
    drop function callwise_refuse_key_change();
    drop trigger customers_delete_tasks on customers;
    drop function callwise_delete_customers_tasks();
    drop trigger call_tasks_need_customers on call_tasks;
    drop function callwise_tasks_need_customers();
    alter table call_tasks add foreign key (company_id, customer_id) references customers(company_id, id) on delete cascade
  `,
  );
}
