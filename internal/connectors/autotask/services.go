package autotask

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/trueup/trueup/internal/connector"
)

// services reads the contract services and unit periods of the contracts in order, in
// batches of batchSize contract ids, a few batches at once (the client's limit bounds the
// requests). A batch that cannot be read marks its contracts' lines failed; when a request
// gets no answer at all, Autotask stopped answering: the batches not read yet are marked
// failed without sending more requests.
func (r *run) services(ctx context.Context, parents map[string]connector.Agreement, order []string) error {
	var batches [][]string
	for i := 0; i < len(order); i += batchSize {
		batches = append(batches, order[i:min(i+batchSize, len(order))])
	}
	if len(batches) == 0 {
		<-r.catalogWait(ctx)
		if r.full {
			r.sink.Complete(connector.Scope{Entity: connector.EntityServiceLines})
		}
		r.sink.Logf(secServices, connector.LevelInfo, "read 0 contract services (no contracts)")
		return nil
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		lines, pages, failed, done atomic.Int64
		once, lostOnce             sync.Once
		fatalErr, lostErr          error
		lost                       atomic.Bool
		wg                         sync.WaitGroup
	)
	jobs := make(chan []string)
	for range min(r.c.concurrency, len(batches)) {
		wg.Go(func() {
			for batch := range jobs {
				if lost.Load() {
					failed.Add(int64(len(batch)))
					r.failBatch(batch, lostErr)
					continue
				}
				n, pg, err := r.batch(wctx, batch, parents)
				pages.Add(int64(pg))
				switch {
				case err == nil:
					lines.Add(int64(n))
				case fatal(wctx, err) || isSinkError(err):
					once.Do(func() { fatalErr = err; cancel() })
					continue
				case noAnswer(err):
					lostOnce.Do(func() { lostErr = err; lost.Store(true) })
					failed.Add(int64(len(batch)))
					r.failBatch(batch, err)
				default:
					failed.Add(int64(len(batch)))
					r.sink.Logf(secServices, connector.LevelWarn, "could not read the services of %s; their cached lines are kept: %v", connector.Count(len(batch), "contract", "contracts"), err)
					r.failBatch(batch, err)
				}
				r.sink.Progress(secServices, int(done.Add(int64(len(batch)))), len(order))
			}
		})
	}
feed:
	for _, b := range batches {
		select {
		case jobs <- b:
		case <-wctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if fatalErr != nil {
		return fatalErr
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("reading contract services: %w", err)
	}
	r.sink.Logf(secServices, connector.LevelInfo, "read %d contract services of %s with their units for %s (%s)",
		lines.Load(), connector.Count(len(order)-int(failed.Load()), "contract", "contracts"), r.today, connector.Count(int(pages.Load()), "page", "pages"))
	switch {
	case lost.Load():
		r.sink.Logf(secServices, connector.LevelError, "Autotask stopped answering while contract services were read (%v): the services of %s were not read, their cached lines are kept and the run is partial; check the network connection, then sync again", lostErr, connector.Count(int(failed.Load()), "contract", "contracts"))
	case failed.Load() > 0:
		r.sink.Logf(secServices, connector.LevelWarn, "the services of %s could not be read; their cached lines are kept and the run is partial: sync again later", connector.Count(int(failed.Load()), "contract", "contracts"))
	case r.full:
		r.sink.Complete(connector.Scope{Entity: connector.EntityServiceLines})
	}
	return nil
}

func (r *run) failBatch(batch []string, err error) {
	for _, id := range batch {
		r.sink.Fail(secServices, connector.Scope{Entity: connector.EntityServiceLines, ParentID: id}, err)
	}
}

// ids turns a batch of ids into the value of an in condition.
func ids(batch []string) []json.Number {
	out := make([]json.Number, len(batch))
	for i, id := range batch {
		out[i] = json.Number(id)
	}
	return out
}

// batch reads, stores and completes the services of one batch of contracts: their
// ContractServices, and the ContractServiceUnits periods that end today or later (the one
// covering today and those after it).
func (r *run) batch(ctx context.Context, batch []string, parents map[string]connector.Agreement) (lines, pages int, err error) {
	in := cond{Op: "in", Field: "contractID", Value: ids(batch)}
	var raws []json.RawMessage
	pg, err := r.cl.query(ctx, entContractServices, []cond{in},
		[]string{"contractID", "serviceID", "unitPrice", "unitCost", "adjustedPrice", "invoiceDescription"}, func(page []json.RawMessage) error {
			raws = append(raws, page...)
			return nil
		})
	pages += pg
	if err != nil {
		return 0, pages, err
	}
	lp := linePeriods{}
	pg, err = r.cl.query(ctx, entUnits, []cond{in, {Op: "gte", Field: "endDate", Value: r.today}},
		[]string{"contractID", "contractServiceID", "units", "startDate", "endDate"}, func(page []json.RawMessage) error {
			for _, raw := range page {
				if err := lp.add(raw); err != nil {
					return err
				}
			}
			return nil
		})
	pages += pg
	if err != nil {
		return 0, pages, err
	}
	select {
	case <-r.catalogWait(ctx):
	case <-ctx.Done():
		return 0, pages, ctx.Err()
	}
	rows := make([]connector.ServiceLine, 0, len(raws))
	for _, raw := range raws {
		l, err := mapContractService(raw, parents, r.names, lp, r.today)
		if err != nil {
			return 0, pages, err
		}
		rows = append(rows, l)
	}
	if len(rows) > 0 {
		if err := connector.Put(ctx, r.sink, rows...); err != nil {
			return 0, pages, &sinkError{err}
		}
	}
	for _, id := range batch {
		r.sink.Complete(connector.Scope{Entity: connector.EntityServiceLines, ParentID: id})
	}
	return len(rows), pages, nil
}

// catalogWait is closed once the catalog was read (or failed): lines take their product
// names from it.
func (r *run) catalogWait(context.Context) <-chan struct{} { return r.catalogDone }

// catalog reads the Services catalog in full (every mode: its lastModifiedDate is not a
// documented change filter TrueUp relies on, and the catalog is small). An API user who
// may not read it fails only this section: the lines then carry the contract service's
// invoice description as their product name.
func (r *run) catalog(ctx context.Context) error {
	names := map[string]string{}
	defer func() {
		r.names = names
		close(r.catalogDone)
	}()
	var rows []connector.Product
	pages, err := r.cl.query(ctx, entServices, nil, []string{"name", "description", "sku", "unitCost", "unitPrice", "isActive", "lastModifiedDate"}, func(page []json.RawMessage) error {
		for _, raw := range page {
			p, err := mapService(raw)
			if err != nil {
				return err
			}
			rows = append(rows, p)
		}
		r.sink.Progress(secCatalog, len(rows), 0)
		return nil
	})
	var nf *connector.NotFoundError
	switch {
	case forbidden(err) || errors.As(err, &nf):
		r.failList(listFailure{section: secCatalog, scope: connector.Scope{Entity: connector.EntityProducts}, err: err,
			text: fmt.Sprintf("could not read the Services catalog; cached products are kept and lines are named from their invoice description. Give the API user's security level access to Services to read it (%v)", err)})
		return nil
	case err != nil:
		if listFatal(ctx, err) {
			return err
		}
		r.failSection(secCatalog, connector.EntityProducts, err)
		return nil
	}
	for _, p := range rows {
		names[p.ID] = p.Name
	}
	if len(rows) > 0 {
		if err := connector.Put(ctx, r.sink, rows...); err != nil {
			return &sinkError{err}
		}
	}
	r.sink.Complete(connector.Scope{Entity: connector.EntityProducts})
	r.sink.Logf(secCatalog, connector.LevelInfo, "read %s (%s)", connector.Count(len(rows), "service", "services"), connector.Count(pages, "page", "pages"))
	return nil
}

// forbidden reports whether err is a 403: the API user's security level lacks one entity.
func forbidden(err error) bool {
	var a *connector.AuthError
	return errors.As(err, &a) && a.Status == http.StatusForbidden
}
