import type { Versioning } from '../../../shared/organise';

/** What a delete means given the bucket's versioning (GetBucketVersioning). */
export function versioningNote(versioning: Versioning): string {
  switch (versioning) {
    case 'enabled':
      return 'Versioning is on for this bucket: deleted files stay recoverable there as earlier versions.';
    case 'suspended':
      return 'Versioning is suspended for this bucket: files it kept earlier versions of stay recoverable; the rest are gone for good.';
    case 'off':
      return 'This bucket keeps no versions: once sent, the delete cannot be undone.';
    default:
      return 'Whether this bucket keeps versions could not be checked with this key: assume deleted files are gone for good.';
  }
}
