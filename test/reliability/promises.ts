/**
 * The reliability promises, in the order docs/RELIABILITY.md lists them:
 * what each one says, the test that proves it, and readable names for the
 * figures that test records (recordFigures(id, …)). scripts/reliability.ts
 * writes the doc from this list and the figures of a full run.
 */
export interface ReliabilityPromise {
  /** The recordFigures id of the test that proves it. */
  id: string;
  title: string;
  promise: string;
  /** file › test */
  test: string;
  labels?: Record<string, string>;
}

const common = { seed: 'seed', failures: 'failures', faults: 'faults injected', requests: 'requests through the fault proxy' };

export const PROMISES: ReliabilityPromise[] = [
  {
    id: 'sync-faults',
    title: 'A sync through a faulty network converges exactly',
    promise:
      'With 5 % of requests reset mid-body (half in the request, half in the answer, including answers lost after the server acted) and 5 % answered 503 SlowDown, a sync of the whole bucket leaves an index equal, key for key (size, ETag, date), to an independent listing straight from the server, with every post and model aggregate matching a recount — round after round while 3 % of the bucket is deleted, replaced and added between rounds. App → fault proxy → strict Spaces stand-in → s3rver.',
    test: 'test/reliability/sync-faults.test.ts › converges to exactly the server listing…',
    labels: { ...common, rounds: 'sync rounds', objects: 'objects in the bucket', objectsSynced: 'objects listed in all', churned: 'objects changed between rounds' },
  },
  {
    id: 'sync-every-fault',
    title: 'A sync converges through every kind of network fault',
    promise:
      'Every fault the proxy makes — a reset mid-body, a stall past the sync client\'s timeout (2 s idle here), a 500, a 503 SlowDown, an answer cut short with its full length promised, an answer trickled a few bytes at a time — each planned once on a listing request, then drawn at 2 % each: the sync completes and the index equals the server\'s listing key for key, aggregates included.',
    test: 'test/reliability/sync-faults.test.ts › converges through every kind of fault…',
    labels: { ...common, objects: 'objects in the bucket' },
  },
  {
    id: 'sync-vanish',
    title: 'A sync cut off by the server vanishing removes nothing and says why',
    promise:
      'When the server disappears mid-listing (TCP: open connections reset, new ones refused), the sync fails with NETWORK and a message naming the host; no indexed object is removed; every row is as it was or as the server has it now (each page commits whole, aggregates included); the run is recorded as failed with its reason; the next sync, once the server is back, converges exactly.',
    test: 'test/reliability/sync-faults.test.ts › a sync cut off by the server vanishing…',
    labels: { ...common, objects: 'objects indexed before the cut', keptThroughCut: 'objects still indexed after it' },
  },
  {
    id: 'upload-during-sync',
    title: 'Files uploaded while a sync runs stay in the index',
    promise:
      'An upload indexes its objects at once; a sync whose listing began before they existed does not list them, and its sweep removes only what was indexed when it started. With the sync slowed by a latency proxy and a batch uploaded in the middle of it, the index afterwards holds every object with the server\'s size and ETag, its date within a second (an upload records the date of the server\'s answer; a PUT\'s answer carries no Last-Modified), and the next sync makes it equal to the server\'s listing without reporting those objects as changed.',
    test: 'test/reliability/upload-during-sync.test.ts',
    labels: { ...common, objects: 'objects in the bucket', uploadedDuringSync: 'files uploaded during the sync' },
  },
  {
    id: 'upload-faults',
    title: 'An upload batch through a faulty network arrives byte-identical, once, with nothing left open',
    promise:
      'A batch of mixed sizes (some multipart) sent through 5 % resets and 5 % 503 SlowDown arrives with every object read back and hashed equal to its file, no object that no file accounts for, and ListMultipartUploads empty; the strict stand-in refused nothing (Content-MD5 on every PUT, no checksum headers, ≤ 10 PUTs per key). A targeted case loses the answer to the first Create, part 1 and Complete of every file after the server applied them: still one object each, no orphan.',
    test: 'test/reliability/upload-faults.test.ts › arrives byte-identical… and › an answer lost after the server applied it…',
    labels: { ...common, files: 'files in the batch', multipart: 'multipart files', bytesVerified: 'bytes read back and hashed' },
  },
  {
    id: 'upload-every-fault',
    title: 'An upload batch arrives byte-identical through every kind of network fault',
    promise:
      'The same six kinds (stalls past the transfer client\'s 3 s idle timeout on parts and PUTs; truncated and trickled answers to Create and Complete), each planned once and then drawn at 2 % each: every file read back and hashed equal, no extra object, ListMultipartUploads empty.',
    test: 'test/reliability/upload-faults.test.ts › arrives byte-identical through every kind of fault…',
    labels: { ...common, files: 'files in the batch', bytesVerified: 'bytes read back and hashed' },
  },
  {
    id: 'links-acl-faults',
    title: 'Links and ACL changes succeed or fail clearly, never half-apply',
    promise:
      'Through 10 % resets, 10 % 503s and 5 % 500s, every ACL change either succeeds (and the server then has that ACL) or fails with a stable code other than INTERNAL in one line; after every call the index holds, for every key it touched, the server\'s ACL or "unknown" — never the opposite. An ACL change the server applied but whose every answer was lost leaves the key unknown, not stale. Every presigned link made serves the object\'s bytes; a public link answers anonymously exactly when the object is public (moto enforces ACLs).',
    test: 'test/reliability/links-acl-faults.test.ts',
    labels: { ...common, calls: 'ACL calls', succeeded: 'succeeded', failedClearly: 'failed with a clear error', keysChecked: 'keys checked against the server', unknownAfterFailure: 'keys left unknown after a failure', linksChecked: 'links fetched and checked' },
  },
  {
    id: 'crash-sync',
    title: 'A sync killed at any moment leaves an intact index; the next one converges',
    promise:
      '`spaces-media sync` SIGKILLed at a random moment (uniform over a run, from start-up and migrations on a fresh index to the sweep) while the bucket changes between trials: SQLite\'s integrity check is ok, every row is as it was or as the server has it, the aggregates match a recount; the next run converges exactly to the server\'s listing and no run is left marked running.',
    test: 'test/reliability/crash-sync.test.ts',
    labels: { ...common, objects: 'objects in the bucket', trials: 'crash trials', killedMidRun: 'killed mid-run', finishedBeforeKill: 'finished before the kill came', freshIndex: 'trials from no index at all', objectsChecked: 'objects compared after the next runs' },
  },
  {
    id: 'crash-upload',
    title: 'An upload killed at any moment resumes without re-sending, duplicating or orphaning',
    promise:
      '`spaces-media upload` SIGKILLed at a random time or at the moment the proxy receives a random one of its requests (between a request being applied and its answer journaled), then `upload --resume`: integrity check ok; no part the server held at the kill is sent again (part PUTs counted at the proxy, held parts listed with ListParts); every file byte-identical on the server, once; ListMultipartUploads empty; the index lists every uploaded object as the server does.',
    test: 'test/reliability/crash-upload.test.ts',
    labels: {
      ...common,
      trials: 'crash trials',
      killedMidRun: 'killed mid-run',
      killedByTime: '…at a random time',
      killedAtRequest: '…at a random request',
      notJournaled: 'killed before the batch was journaled (ran again)',
      resumed: 'resumed from the journal',
      partsReused: 'parts held by the server at the kill (kept)',
      partsSentOnResume: 'parts sent by the resumes',
      partsResentAfterAck: 'acknowledged parts sent again',
      filesVerified: 'files read back and hashed',
      bytesVerified: 'bytes read back and hashed',
    },
  },
  {
    id: 'crash-move-delete',
    title: 'A move or delete killed at any moment loses nothing; the next run finishes it once',
    promise:
      '`spaces-media mv` of a post onto a new post, then `rm` of it, each SIGKILLed at a random moment of its run: integrity check ok; every object is at its source or its destination (both only between a copy and its delete) with its ETag; `--resume` (or the same command again, when the kill came before the batch was journaled) finishes the batch with every object in exactly one place, its ETag unchanged; no key is copied more than once again after the kill (CopyObject counted at the proxy); the index then equals the server\'s listing (keys, sizes, ETags) and its aggregates a recount.',
    test: 'test/reliability/crash-move-delete.test.ts',
    labels: {
      ...common,
      objects: 'objects in each post',
      trials: 'crash trials (mv and rm)',
      killedMidRun: 'killed mid-run',
      finishedBeforeKill: 'finished before the kill came',
      resumed: 'resumed from the journal',
      ranAgain: 'killed before the batch was journaled (ran again)',
      copiesRepeated: 'copies made again after a kill cut off their answer',
      objectsChecked: 'objects checked after the next runs',
    },
  },
  {
    id: 'crash-thumbnails',
    title: 'A thumbnail half-written at a crash is never served',
    promise:
      'A process making thumbnails (from the bucket, and from local files as after an upload, which rewrites thumbnails already cached) is SIGKILLed at random moments: every recorded thumbnail is then whole (its size as recorded) and decodable; the next run makes every thumbnail and leaves no stray file in the cache folder.',
    test: 'test/reliability/crash-thumbnails.test.ts',
    labels: { ...common, images: 'images', trials: 'crash trials', killedMidRun: 'killed mid-run', thumbnailsChecked: 'thumbnails checked whole' },
  },
  {
    id: 'disk-faults',
    title: 'A full or read-only disk: clear errors, an intact index, recovery when space returns',
    promise:
      'On a real small filesystem (tmpfs in a private mount namespace, filled with a ballast file or remounted read-only): a sync on a full disk fails with one DISK_FULL line, the index passes the integrity check and keeps every row (exactly as it was when not a byte was left); reading the library still works; once space returns the next sync converges. On a read-only disk a sync says READ_ONLY and changes nothing. A disk that fills during an upload batch ends the command with DISK_FULL (no hang) and `--resume` finishes the batch when space returns. The thumbnail cache on a full disk: thumbnails fail with DISK_FULL, no recorded thumbnail is half-written, none is left behind, and they are made once space returns.',
    test: 'test/reliability/disk-faults.test.ts',
    labels: { ...common, objects: 'objects in the bucket', fullDiskSyncs: 'syncs on a full disk', readOnlySyncs: 'syncs on a read-only disk', uploadFilesAfterFullDisk: 'files resumed after the disk filled', thumbnailsRefused: 'thumbnails refused for lack of space', thumbnailsChecked: 'thumbnails checked whole afterwards' },
  },
  {
    id: 'hostile-input',
    title: 'The parsers take hostile input without throwing, their invariants intact',
    promise:
      'parseKey, buildUploadKey and normalizeKey each take seeded random and adversarial strings (Unicode edge cases, lone surrogates, C0/C1 controls, line separators, bidi marks and overrides, zero-width characters, look-alike slashes, `.`/`..`, percent escapes valid and broken, URL and s3:// forms, keys around 1,024 bytes). None throws; the invariants listed at the top of the test hold (parts rebuild the key; accepted upload keys are ≤ 1,024 bytes, well-formed, control-free and parse back as the same media; refusals are one printable line; every valid key round-trips through its origin and CDN URLs).',
    test: 'test/reliability/hostile-input.test.ts',
    labels: { ...common, stringsPerParser: 'strings per parser', normalizeKeyRoundTrips: 'valid keys round-tripped through their URLs' },
  },
  {
    id: 'part-arithmetic',
    title: 'Part sizes are right from 0 bytes to 5 TiB',
    promise:
      'For boundary sizes and random sizes spread over every order of magnitude up to 5 TiB, with default, smallest, largest and random preferred part sizes: parts are whole MiB from 5 MiB to 5 GiB, at most 10,000, the smallest size that fits, and tile the file exactly.',
    test: 'test/reliability/part-arithmetic.test.ts',
    labels: { ...common, sizes: 'sizes planned', largest: 'largest size (bytes)' },
  },
  {
    id: 'cli-arguments',
    title: 'The CLI answers bad input with one clear line and a non-zero exit',
    promise:
      'Bad arguments, a --db that is a folder or not a database, an unreachable store, and files that are missing, unreadable, empty, or deleted or truncated while uploading each get exactly one line on stderr (`spaces-media: … [CODE]`), nothing on stdout, a non-zero exit; the other files of the command arrive, and no multipart upload is left open.',
    test: 'test/reliability/cli-hostile.test.ts',
    labels: { ...common, cases: 'argument cases' },
  },
  {
    id: 'load',
    title: 'Under load, memory stays within target, the UI keeps answering, nothing is lost',
    promise:
      '5,000 files dropped at once and a 100,000-object sync at the same time, in one core behind the worker the app uses: peak RSS under 400 MB — the sync benchmark\'s target (< 300 MB, for a process doing nothing else) plus the upload queue\'s 64 MiB part budget and the library reader thread — and library:listMedia called through the IPC dispatch path every 250 ms (answered by the library reader thread) keeps answering (latencies recorded), every file arrives and the index equals the server\'s listing.',
    test: 'test/reliability/load.test.ts',
  },
];
