package store

import (
	"encoding/binary"
	"hash/fnv"

	"github.com/trueup/trueup/internal/connector"
)

// Every entity lives in the records table (migration 004): one row per record envelope and
// generation. These are its columns after integration_id and generation, in the order
// recordArgs fills them.
const recordCols = "entity, ext_id, parent_id, account_id, updated_at, hash, seen_run, pushed_at, fields, raw"

// recordUpsert writes one record into a generation (args: integration, generation, then
// recordArgs).
const recordUpsert = `INSERT INTO records (integration_id, generation, ` + recordCols + `)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (integration_id, generation, entity, ext_id) DO UPDATE SET parent_id = excluded.parent_id,
	account_id = excluded.account_id, updated_at = excluded.updated_at, hash = excluded.hash,
	seen_run = excluded.seen_run, pushed_at = excluded.pushed_at, fields = excluded.fields, raw = excluded.raw`

// byParent names the table for statements scoped to one parent. Without statistics SQLite
// prefers the primary key's prefix, which scans the whole entity once per parent (3,000
// agreements x 30,000 lines); the parent index reads only that parent's rows.
const byParent = "records INDEXED BY records_by_parent"

// recordArgs are a record's column values in recordCols order.
func recordArgs(r connector.Record, runID int64, pushedAt any) []any {
	return []any{string(r.Entity), r.ID, r.ParentID, r.AccountID, fmtTime(r.UpdatedAt), recordHash(r), runID, pushedAt,
		rawOrEmpty(r.Fields), rawOrEmpty(r.Raw)}
}

// recordHash is a stable content hash, so an unchanged record re-read is not counted as an
// update (QuickSync overlap windows and client-side diffs re-read many such records).
func recordHash(r connector.Record) int64 {
	f := fnv.New64a()
	var b []byte
	for _, s := range []string{r.ParentID, r.AccountID, string(r.Fields), string(r.Raw)} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	_, _ = f.Write(b)
	return int64(f.Sum64())
}

func rawOrEmpty(raw []byte) []byte {
	if len(raw) == 0 {
		return []byte("{}")
	}
	return raw
}
