package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// patchPart applies the pushes old does not hold yet to it: each pushed entry changed one
// cached record (the addition it patched or created, the catalog item whose cost it set),
// so those records are read again one by one instead of the whole cache. ok is false when
// an entry's record cannot be told (then the caller reads the whole cache).
func (w *Workspace) patchPart(ctx context.Context, in store.Integration, r partRequest, old *integrationPart) (*integrationPart, bool, error) {
	for id := range old.applied {
		if _, ok := r.pushed[id]; !ok {
			return nil, false, nil // an entry the part holds is no longer pushed: start over
		}
	}
	var targets []recordRef
	for _, e := range r.entries {
		at, ok := r.pushed[e.ID]
		if !ok {
			continue
		}
		if held, ok := old.applied[e.ID]; ok && held.Equal(at) {
			continue
		}
		ref, ok := pushedRecord(e)
		if !ok {
			return nil, false, nil
		}
		targets = append(targets, ref)
	}
	cache := old.cache
	lines, products := slices.Clone(cache.ServiceLines), slices.Clone(cache.Products)
	for _, ref := range targets {
		rec, err := w.store.CachedRecord(ctx, in.ID, ref.entity, ref.id)
		found := err == nil
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, false, err
		}
		switch ref.entity {
		case connector.EntityServiceLines:
			v, err := connector.Decode[connector.ServiceLine](rec)
			if err != nil {
				return nil, false, err
			}
			lines = upsert(lines, ref.id, v, found, func(l connector.ServiceLine) string { return l.ID })
		case connector.EntityProducts:
			v, err := connector.Decode[connector.Product](rec)
			if err != nil {
				return nil, false, err
			}
			products = upsert(products, ref.id, v, found, func(p connector.Product) string { return p.ID })
		}
	}
	cache.ServiceLines, cache.Products = lines, products
	w.parts.counted(true)
	return newPart(in, r, cache), true, nil
}

// recordRef names one cached record.
type recordRef struct {
	entity connector.Entity
	id     string
}

// pushedRecord is the cached record a pushed entry changed: a PATCH names it in its path
// (.../additions/{id}, /procurement/catalog/{id}), a POST's answer carries the id of the
// record it created.
func pushedRecord(e store.OutboxEntry) (recordRef, bool) {
	var w reconcile.Write
	if err := json.Unmarshal(e.Write, &w); err != nil {
		return recordRef{}, false
	}
	last := w.Path[strings.LastIndex(w.Path, "/")+1:]
	switch {
	case w.PSA == connector.KindHaloPSA && w.Kind == reconcile.WriteCost && w.LineID != "":
		return recordRef{connector.EntityProducts, w.LineID}, true // HaloPSA POSTs /Item: the plan names the item
	case w.PSA == connector.KindHaloPSA && (w.Kind == reconcile.WriteQuantity || w.Kind == reconcile.WriteRemoveLine) && w.LineID != "":
		return recordRef{connector.EntityServiceLines, w.LineID}, true // HaloPSA POSTs the header: the plan names the line
	case w.Kind == reconcile.WriteQuantity && strings.Contains(w.Path, "/additions/"):
		return recordRef{connector.EntityServiceLines, last}, last != ""
	case w.Kind == reconcile.WriteCost && strings.HasPrefix(w.Path, "/procurement/catalog/"):
		return recordRef{connector.EntityProducts, last}, last != ""
	case (w.Kind == reconcile.WriteNewLine || w.Kind == reconcile.WriteProratedLine) && e.Answer != nil && e.Answer.RecordID != "":
		return recordRef{connector.EntityServiceLines, e.Answer.RecordID}, true
	}
	return recordRef{}, false
}

// upsert replaces the element with id in list by v (appends it when new), or removes it
// when the record is no longer cached (!found). list is the caller's own copy.
func upsert[T any](list []T, id string, v T, found bool, idOf func(T) string) []T {
	i := slices.IndexFunc(list, func(x T) bool { return idOf(x) == id })
	switch {
	case !found && i >= 0:
		return slices.Delete(list, i, i+1)
	case !found:
		return list
	case i >= 0:
		list[i] = v
		return list
	}
	return append(list, v)
}
