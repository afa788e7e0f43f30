-- A presigned URL is a bearer secret for up to 7 days: "Recently shared" keeps it without its
-- X-Amz-Signature and signs it again, identically, when it is copied (links/stored-links.ts).
-- Links recorded before this keep everything but the signature (64 hex digits, the SDK's last parameter).
UPDATE `shared_links` SET `url` =
  CASE WHEN substr(`url`, instr(`url`, 'X-Amz-Signature=') - 1, 1) = '?'
    THEN substr(`url`, 1, instr(`url`, 'X-Amz-Signature=') - 1) || ltrim(substr(`url`, instr(`url`, 'X-Amz-Signature=') + 80), '&')
    ELSE substr(`url`, 1, instr(`url`, 'X-Amz-Signature=') - 2) || substr(`url`, instr(`url`, 'X-Amz-Signature=') + 80)
  END
  WHERE `kind` = 'presigned' AND instr(`url`, 'X-Amz-Signature=') > 0;
