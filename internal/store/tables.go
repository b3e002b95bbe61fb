package store

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
)

// table describes one cache table: its data columns (after integration_id, generation and
// ext_id) and the column that names a row's parent for scoped completeness and failures.
type table struct {
	name   string
	cols   []string
	parent string
}

var cacheTables = map[connector.Entity]table{
	connector.EntityAccounts: {"accounts", []string{"name", "status", "type", "active", "deleted", "prospect", "vendor",
		"updated_at", "hash", "seen_run", "raw"}, ""},
	connector.EntityAgreements: {"agreements", []string{"account_id", "name", "type", "status", "cancelled", "start_date",
		"end_date", "updated_at", "hash", "seen_run", "raw"}, "account_id"},
	connector.EntityServiceLines: {"service_lines", []string{"agreement_id", "account_id", "product_id", "product_name",
		"quantity", "unit_price", "unit_cost", "cancelled", "effective_date", "cancelled_date", "updated_at", "hash",
		"seen_run", "raw"}, "agreement_id"},
	connector.EntitySubscriptions: {"subscriptions", []string{"account_id", "product_id", "product_name", "quantity",
		"status", "active", "billing_term", "start_date", "end_date", "price", "cost", "currency", "updated_at", "hash",
		"seen_run", "raw"}, "account_id"},
}

func (t table) allCols() string {
	return "integration_id, generation, ext_id, " + strings.Join(t.cols, ", ")
}

func (t table) upsertSQL() string {
	marks := strings.TrimSuffix(strings.Repeat("?, ", 3+len(t.cols)), ", ")
	sets := make([]string, len(t.cols))
	for i, c := range t.cols {
		sets[i] = c + " = excluded." + c
	}
	return "INSERT INTO " + t.name + " (" + t.allCols() + ") VALUES (" + marks + ") ON CONFLICT (integration_id, generation, ext_id) DO UPDATE SET " + strings.Join(sets, ", ")
}

// byParent names the table for statements scoped to one parent. Without statistics SQLite
// prefers the primary key's (integration_id, generation) prefix, which scans the whole
// generation once per parent (3,000 agreements x 30,000 lines); the parent index reads only
// that parent's rows.
func (t table) byParent() string { return t.name + " INDEXED BY " + t.name + "_by_parent" }

// copySQL copies one generation's rows to another (args: to, integration, from). OR IGNORE
// keeps rows the run already wrote.
func (t table) copySQL() string {
	return "INSERT OR IGNORE INTO " + t.name + " (" + t.allCols() + ") SELECT integration_id, ?, ext_id, " +
		strings.Join(t.cols, ", ") + " FROM " + t.name + " WHERE integration_id = ? AND generation = ?"
}

// copyByParentSQL is copySQL for one parent's rows (args: to, integration, from, parent).
func (t table) copyByParentSQL() string {
	return "INSERT OR IGNORE INTO " + t.name + " (" + t.allCols() + ") SELECT integration_id, ?, ext_id, " +
		strings.Join(t.cols, ", ") + " FROM " + t.byParent() + " WHERE integration_id = ? AND generation = ? AND " + t.parent + " = ?"
}

// row is one record ready for the upsert statement.
type row struct {
	id   string
	vals []any // in table.cols order, seen_run filled in by the writer
	at   time.Time
}

// hasher builds a stable content hash, so an unchanged record re-read is not counted as an
// update (QuickSync overlap windows and client-side diffs re-read many such records).
type hasher struct{ b []byte }

func (h *hasher) s(v string) *hasher {
	h.b = binary.AppendUvarint(h.b, uint64(len(v)))
	h.b = append(h.b, v...)
	return h
}
func (h *hasher) f(v float64) *hasher {
	h.b = binary.LittleEndian.AppendUint64(h.b, math.Float64bits(v))
	return h
}
func (h *hasher) t(v bool) *hasher {
	if v {
		h.b = append(h.b, 1)
	} else {
		h.b = append(h.b, 0)
	}
	return h
}
func (h *hasher) sum() int64 {
	f := fnv.New64a()
	_, _ = f.Write(h.b)
	return int64(f.Sum64())
}

func rawOrEmpty(raw []byte) []byte {
	if len(raw) == 0 {
		return []byte("{}")
	}
	return raw
}

func accountRow(a connector.Account) row {
	h := (&hasher{}).s(a.Name).s(a.Status).s(a.Type).t(a.Active).t(a.Deleted).t(a.Prospect).t(a.Vendor).s(string(a.Raw)).sum()
	return row{a.ID, []any{a.Name, a.Status, a.Type, boolInt(a.Active), boolInt(a.Deleted), boolInt(a.Prospect),
		boolInt(a.Vendor), fmtTime(a.UpdatedAt), h, 0, rawOrEmpty(a.Raw)}, a.UpdatedAt}
}

func agreementRow(a connector.Agreement) row {
	h := (&hasher{}).s(a.AccountID).s(a.Name).s(a.Type).s(a.Status).t(a.Cancelled).s(a.StartDate).s(a.EndDate).s(string(a.Raw)).sum()
	return row{a.ID, []any{a.AccountID, a.Name, a.Type, a.Status, boolInt(a.Cancelled), a.StartDate, a.EndDate,
		fmtTime(a.UpdatedAt), h, 0, rawOrEmpty(a.Raw)}, a.UpdatedAt}
}

func serviceLineRow(l connector.ServiceLine) row {
	h := (&hasher{}).s(l.AgreementID).s(l.AccountID).s(l.ProductID).s(l.ProductName).f(l.Quantity).f(l.UnitPrice).
		f(l.UnitCost).t(l.Cancelled).s(l.EffectiveDate).s(l.CancelledDate).s(string(l.Raw)).sum()
	return row{l.ID, []any{l.AgreementID, l.AccountID, l.ProductID, l.ProductName, l.Quantity, l.UnitPrice, l.UnitCost,
		boolInt(l.Cancelled), l.EffectiveDate, l.CancelledDate, fmtTime(l.UpdatedAt), h, 0, rawOrEmpty(l.Raw)}, l.UpdatedAt}
}

func subscriptionRow(s connector.Subscription) row {
	h := (&hasher{}).s(s.AccountID).s(s.ProductID).s(s.ProductName).f(s.Quantity).s(s.Status).t(s.Active).
		s(s.BillingTerm).s(s.StartDate).s(s.EndDate).f(s.Price).f(s.Cost).s(s.Currency).s(string(s.Raw)).sum()
	return row{s.ID, []any{s.AccountID, s.ProductID, s.ProductName, s.Quantity, s.Status, boolInt(s.Active),
		s.BillingTerm, s.StartDate, s.EndDate, s.Price, s.Cost, s.Currency, fmtTime(s.UpdatedAt), h, 0,
		rawOrEmpty(s.Raw)}, s.UpdatedAt}
}
