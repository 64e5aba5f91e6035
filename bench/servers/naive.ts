/**
 * The naive reference a lender might write by hand: Fastify, one INSERT of the customer per
 * request, no validation, no normalisation, no planning. Run as a child of bench/run.ts.
 */
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
await pool.query(`create table if not exists customers (
  id text primary key, task_type text, first_name text, last_name text, email text, birthday text,
  ssn_last_four text, timezone text, phone_number text, street_address1 text, street_address2 text,
  city text, state text, zip_code text, do_not_call boolean, is_test boolean, external_metadata jsonb,
  created_at timestamptz not null default now())`);

const app = Fastify({ logger: false });
app.post('/customers', async (request, reply) => {
  const c = request.body as Record<string, unknown>;
  const { rows } = await pool.query(
    `insert into customers (id, task_type, first_name, last_name, email, birthday, ssn_last_four, timezone,
       phone_number, street_address1, street_address2, city, state, zip_code, do_not_call, is_test, external_metadata)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17) returning *`,
    [
      c.id,
      c.taskType,
      c.firstName,
      c.lastName,
      c.email,
      c.birthday,
      c.ssnLastFour,
      c.timezone,
      c.phoneNumber,
      c.streetAddress1,
      c.streetAddress2,
      c.city,
      c.state,
      c.zipCode,
      c.doNotCall ?? false,
      c.isTest ?? false,
      c.externalMetadata ?? null,
    ],
  );
  return reply.code(201).send(rows[0]);
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`ready ${typeof address === 'object' && address ? address.port : 0}\n`);
process.on(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0)),
);
