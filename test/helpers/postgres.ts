import postgres from 'postgres';

let counter = 0;

/** Creates an empty database next to the one DATABASE_URL names and returns its URL. */
export async function freshDatabaseUrl(baseUrl: string): Promise<string> {
  const name = `open_numbers_t${process.pid}_${Date.now()}_${counter++}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
