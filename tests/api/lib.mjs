// Shared helpers of the API tests: a signed-in client, valid resident IDs, and the environment
// scripts/test.sh passes (NJ_BASE_URL, NJ_PASSWORD, NJ_BIN, NJ_DB, NJ_KEY_FILE, NJ_SQL).
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

export const BASE = process.env.NJ_BASE_URL ?? 'http://127.0.0.1:8080';
export const PASSWORD = process.env.NJ_PASSWORD ?? '';

export class Client {
  constructor() {
    this.cookies = new Map();
    this.csrf = '';
    this.me = null;
  }

  static async login(username, password = PASSWORD) {
    const c = new Client();
    const r = await c.post('/api/v1/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return c;
  }

  // The cookie header as a browser would send it ('' when there is none).
  get cookie() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  set cookie(value) {
    this.cookies = new Map(value ? value.split('; ').map((kv) => kv.split('=')) : []);
  }

  async request(method, path, { body, headers = {}, raw, csrf = true } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.cookie = this.cookie;
    if (csrf && this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    if (body !== undefined || raw !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(BASE + path, {
      method,
      headers: h,
      body: raw !== undefined ? raw : body !== undefined ? JSON.stringify(body) : undefined,
    });
    const type = res.headers.get('content-type') ?? '';
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = type.includes('spreadsheetml') ? '' : bytes.toString('utf8');
    let parsed = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    for (const line of res.headers.getSetCookie()) {
      const [name, value] = line.split(';')[0].split('=');
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    const signIn = ['/api/v1/auth/login', '/api/v1/portal/login', '/api/v1/portal/activate', '/api/v1/portal/password/reset'];
    if (signIn.includes(path) && res.status === 200) {
      this.csrf = parsed.csrf_token;
      this.me = parsed;
    }
    return { status: res.status, body: parsed, headers: res.headers, text, bytes };
  }

  get(path, opts) { return this.request('GET', path, opts); }
  post(path, body, opts = {}) { return this.request('POST', path, { ...opts, body }); }
  put(path, body, opts = {}) { return this.request('PUT', path, { ...opts, body }); }
  del(path, opts) { return this.request('DELETE', path, opts); }
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const MAP = '10X98765432';
// The platform's days are China's (UTC+8): between 16:00 and 24:00 UTC its "today" is already
// tomorrow's UTC date. Tests ask these, never the machine's clock in UTC.
// A card number that passes the Luhn check (a bank's check digits): `first` and its check digit.
export function luhn(first) {
  let sum = 0;
  [...first].reverse().forEach((c, i) => {
    let d = Number(c) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  });
  return first + ((10 - (sum % 10)) % 10);
}

export const chinaNow = () => new Date(Date.now() + 8 * 3600e3);
export const chinaToday = () => chinaNow().toISOString().slice(0, 10);
export const chinaYear = () => chinaNow().getUTCFullYear();
// "YYYY-MM" of `n` months before this one, in China.
export function chinaMonthsBack(n) {
  const d = chinaNow();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 7);
}

export function checkChar(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return MAP[sum % 11];
}

// A valid resident ID that the demo never issues (demo birth years are 1962–2005).
export function newId(county = '330702') {
  const y = 1950 + randomInt(10);
  const m = String(1 + randomInt(12)).padStart(2, '0');
  const d = String(1 + randomInt(28)).padStart(2, '0');
  const seq = String(randomInt(1000)).padStart(3, '0');
  const first17 = `${county}${y}${m}${d}${seq}`;
  return first17 + checkChar(first17);
}

let counter = 0;
export function uniqueName(prefix = '测试') {
  counter += 1;
  return `${prefix}${process.pid % 1000}${counter}`;
}

export function memberBody(orgId, over = {}) {
  return {
    org_id: orgId,
    name: '王测试',
    id_number: newId(),
    phone: '13812345678',
    employer: '测试公司',
    category: 'front_line',
    join_date: '2020-05-01',
    ...over,
  };
}

// The first grassroots union below `orgId` visible to `client` (depth-first through the tree).
export async function firstGrassroots(client, orgId) {
  const grassroots = ['enterprise_union', 'joint_union', 'village_union', 'industry_union'];
  const queue = [orgId];
  while (queue.length) {
    const id = queue.shift();
    const r = await client.get(`/api/v1/orgs?parent_id=${id}`);
    for (const o of r.body.items ?? []) {
      if (grassroots.includes(o.kind)) return o;
      if (o.has_children) queue.push(o.id);
    }
  }
  throw new Error(`no grassroots union under ${orgId}`);
}

export function niangjia(...args) {
  return spawnSync(process.env.NJ_BIN, ['--db', process.env.NJ_DB, '--key-file', process.env.NJ_KEY_FILE, '--log-level', 'warn', ...args], { encoding: 'utf8' });
}

export function sql(statement) {
  const [cmd, ...args] = (process.env.NJ_SQL ?? '').split(' ');
  const r = spawnSync(cmd, [...args, statement], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd}: ${r.stderr}`);
  return r.stdout;
}
