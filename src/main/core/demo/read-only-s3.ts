/**
 * The demo library's server: a small, read-only S3 endpoint over a folder of
 * generated files (the sample library), for one bucket and one credential.
 * It answers what the app asks of a bucket — HeadBucket, ListObjectsV2 (with
 * prefix, delimiter, start-after, continuation), GetObject/HeadObject with
 * Range, GetObjectAcl (private) — and refuses everything else with 403
 * AccessDenied ("read-only"). Every request must be SigV4-signed with the
 * demo's random credential (sigv4-verify.ts). Keys never leave the folder:
 * they are looked up in the listing built at start, never joined into a path.
 * It runs in a child process (demo-server-entry.ts), bound to 127.0.0.1.
 */
import mime from 'mime';
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import parseRange from 'range-parser';
import { verifySigV4, type Credential } from './sigv4-verify';

interface DemoObject {
  key: string;
  path: string;
  size: number;
  etag: string;
  lastModified: Date;
  type: string;
}

export interface ReadOnlyS3Options {
  /** The folder whose files are the bucket's objects (sub-folders are key prefixes). */
  root: string;
  bucket: string;
  credential: Credential;
  port?: number;
}

/** The bucket's objects, sorted by key (S3 lists in UTF-8 byte order; the sample's keys are ASCII). */
function scan(root: string): DemoObject[] {
  const out: DemoObject[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else if (entry.isFile()) {
        const info = statSync(path);
        const etag = `"${createHash('md5').update(readFileSync(path)).digest('hex')}"`;
        out.push({ key: `${prefix}${entry.name}`, path, size: info.size, etag, lastModified: info.mtime, type: mime.getType(entry.name) ?? 'application/octet-stream' });
      }
    }
  };
  walk(root, '');
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const xmlEscape = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function send(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) });
  res.end(xml);
}

function error(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`);
}

/** A continuation token: where the next page resumes (after a key, past a common prefix). */
interface Resume {
  after: string;
  skip?: string;
}
const token = (r: Resume) => Buffer.from(JSON.stringify(r)).toString('base64url');
function untoken(text: string): Resume | null {
  try {
    const r = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Resume;
    return typeof r.after === 'string' ? r : null;
  } catch {
    return null;
  }
}

function listV2(objects: DemoObject[], bucket: string, q: URLSearchParams): string {
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const maxKeys = Math.max(0, Math.min(1000, Number(q.get('max-keys') ?? 1000) || 0));
  const continuation = q.get('continuation-token');
  const resume: Resume = continuation ? (untoken(continuation) ?? { after: '\uffff' }) : { after: q.get('start-after') ?? '' };
  const contents: DemoObject[] = [];
  const prefixes: string[] = [];
  let next: Resume | null = null;
  for (const o of objects) {
    if (o.key <= resume.after || !o.key.startsWith(prefix) || (resume.skip && o.key.startsWith(resume.skip))) continue;
    const at = delimiter ? o.key.indexOf(delimiter, prefix.length) : -1;
    const common = at === -1 ? null : o.key.slice(0, at + delimiter.length);
    if (common && prefixes.at(-1) === common) continue;
    if (contents.length + prefixes.length >= maxKeys) {
      const last = prefixes.at(-1);
      const lastKey = contents.at(-1)?.key ?? '';
      next = last && last > lastKey ? { after: last, skip: last } : { after: lastKey };
      break;
    }
    if (common) prefixes.push(common);
    else contents.push(o);
  }
  const parts = [
    `<Name>${xmlEscape(bucket)}</Name>`,
    `<Prefix>${xmlEscape(prefix)}</Prefix>`,
    delimiter ? `<Delimiter>${xmlEscape(delimiter)}</Delimiter>` : '',
    `<MaxKeys>${maxKeys}</MaxKeys>`,
    `<KeyCount>${contents.length + prefixes.length}</KeyCount>`,
    `<IsTruncated>${next !== null}</IsTruncated>`,
    continuation ? `<ContinuationToken>${xmlEscape(continuation)}</ContinuationToken>` : '',
    next ? `<NextContinuationToken>${token(next)}</NextContinuationToken>` : '',
    ...contents.map(
      (o) => `<Contents><Key>${xmlEscape(o.key)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${o.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    ),
    ...prefixes.map((p) => `<CommonPrefixes><Prefix>${xmlEscape(p)}</Prefix></CommonPrefixes>`),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${parts.join('')}</ListBucketResult>`;
}

const PRIVATE_ACL = `<?xml version="1.0" encoding="UTF-8"?>
<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>demo</ID><DisplayName>demo</DisplayName></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>demo</ID><DisplayName>demo</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>`;

function serveObject(req: IncomingMessage, res: ServerResponse, o: DemoObject): void {
  const headers: Record<string, string | number> = {
    'content-type': o.type,
    etag: o.etag,
    'last-modified': o.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
  };
  const ranges = req.headers.range ? parseRange(o.size, req.headers.range, { combine: true }) : -2;
  if (ranges === -1) {
    error(res, 416, 'InvalidRange', 'The requested range is not satisfiable');
    return;
  }
  const part = Array.isArray(ranges) && ranges.length === 1 ? ranges[0]! : null;
  const start = part?.start ?? 0;
  const end = part?.end ?? o.size - 1;
  headers['content-length'] = o.size === 0 ? 0 : end - start + 1;
  if (part) headers['content-range'] = `bytes ${start}-${end}/${o.size}`;
  res.writeHead(part ? 206 : 200, headers);
  if (req.method === 'HEAD' || o.size === 0) {
    res.end();
    return;
  }
  createReadStream(o.path, { start, end }).on('error', () => res.destroy()).pipe(res);
}

export function handleRequest(objects: Map<string, DemoObject>, sorted: DemoObject[], options: ReadOnlyS3Options) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    // Nothing is read from a request body: drain it so a malformed one cannot matter.
    req.resume();
    const rawUrl = req.url ?? '/';
    if (!verifySigV4({ method: req.method ?? '', url: rawUrl, headers: req.headers }, options.credential)) {
      return error(res, 403, 'AccessDenied', 'Signed requests with the demo library credential only.');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return error(res, 403, 'AccessDenied', 'The demo library is read-only.');
    const url = new URL(rawUrl, 'http://demo.invalid');
    const [, bucket, ...rest] = url.pathname.split('/');
    if (bucket !== options.bucket) return error(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    const encodedKey = rest.join('/');
    if (encodedKey === '') {
      if (url.searchParams.get('list-type') === '2') return send(res, 200, listV2(sorted, options.bucket, url.searchParams));
      if (url.searchParams.size === 0) {
        res.writeHead(200).end(); // HeadBucket (and a bare GET)
        return;
      }
      return error(res, 403, 'AccessDenied', 'The demo library is read-only.');
    }
    let key: string;
    try {
      key = decodeURIComponent(encodedKey);
    } catch {
      return error(res, 400, 'InvalidURI', 'Could not parse the specified URI.');
    }
    const found = objects.get(key);
    if (!found) return error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    if (url.searchParams.has('acl')) return send(res, 200, PRIVATE_ACL);
    serveObject(req, res, found);
  };
}

export async function startReadOnlyS3(options: ReadOnlyS3Options): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const sorted = scan(options.root);
  const objects = new Map(sorted.map((o) => [o.key, o]));
  const server = createServer(handleRequest(objects, sorted, options));
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
