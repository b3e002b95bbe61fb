package connectwise

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// CatalogItem is a product of ConnectWise's catalog (/procurement/catalog), as far as a
// cost or price push needs it. Existing additions keep their own unitCost and unitPrice:
// changing the catalog does not change them (research/psa-write-apis.md §1.5).
type CatalogItem struct {
	ID           int64
	Identifier   string
	Description  string
	Price        float64
	Cost         float64
	InactiveFlag bool
	LastUpdated  time.Time
}

func catalogState(c apiCatalogItem) CatalogItem {
	return CatalogItem{ID: int64(c.ID), Identifier: c.Identifier, Description: c.Description,
		Price: float64(c.Price), Cost: float64(c.Cost), InactiveFlag: c.InactiveFlag,
		LastUpdated: parseTime(c.Info.LastUpdated)}
}

const catalogItemEndpoint = "/procurement/catalog/{id}"

func catalogTarget(id int64) target {
	return target{
		what:       fmt.Sprintf("catalog item %d", id),
		gone:       "the product no longer exists in the ConnectWise product catalog: sync and review again",
		permission: "Procurement > Product Catalog: Edit",
		inquire:    "Procurement > Product Catalog (Inquire Level: All)",
	}
}

// ReadCatalogItem reads one catalog item. A missing item is a *connector.NotFoundError.
func (w *Writer) ReadCatalogItem(ctx context.Context, id int64) (CatalogItem, error) {
	body, err := w.get(ctx, catalogItemEndpoint, fmt.Sprintf("/procurement/catalog/%d", id), catalogTarget(id))
	if err != nil {
		return CatalogItem{}, err
	}
	var c apiCatalogItem
	if err := json.Unmarshal(body, &c); err != nil {
		return CatalogItem{}, fmt.Errorf("GET %s: the catalog item could not be read: %w", catalogItemEndpoint, err)
	}
	return catalogState(c), nil
}

// PatchCatalogCost sets a catalog item's cost and returns the item from the 200 answer.
func (w *Writer) PatchCatalogCost(ctx context.Context, id int64, cost float64) (CatalogItem, error) {
	if err := checkAmount("the cost", cost, false); err != nil {
		return CatalogItem{}, fmt.Errorf("catalog item %d: %w", id, err)
	}
	return w.patchCatalog(ctx, id, []PatchOperation{{Op: "replace", Path: "cost", Value: cost}})
}

// PatchCatalogPrice sets a catalog item's price and returns the item from the 200 answer.
func (w *Writer) PatchCatalogPrice(ctx context.Context, id int64, price float64) (CatalogItem, error) {
	if err := checkAmount("the price", price, true); err != nil {
		return CatalogItem{}, fmt.Errorf("catalog item %d: %w", id, err)
	}
	return w.patchCatalog(ctx, id, []PatchOperation{{Op: "replace", Path: "price", Value: price}})
}

func (w *Writer) patchCatalog(ctx context.Context, id int64, ops []PatchOperation) (CatalogItem, error) {
	resp, body, err := w.write(ctx, http.MethodPatch, catalogItemEndpoint, fmt.Sprintf("/procurement/catalog/%d", id), ops, catalogTarget(id))
	if err != nil {
		return CatalogItem{}, err
	}
	var c apiCatalogItem
	if err := json.Unmarshal(body, &c); err != nil || c.ID == 0 {
		if err == nil {
			err = errors.New("the answer holds no catalog item")
		}
		return CatalogItem{}, unreadable(resp, http.MethodPatch, err)
	}
	return catalogState(c), nil
}
