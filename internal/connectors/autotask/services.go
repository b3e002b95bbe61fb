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

// lineReader reads the contract services and unit periods of batches of contracts as
// they are handed to it, a few batches at once (the client's limit bounds the requests).
// A batch that cannot be read marks its contracts' lines failed; when a request gets no
// answer at all, Autotask stopped answering: the batches handed over after it are marked
// failed without sending more requests.
type lineReader struct {
	r      *run
	parent context.Context // the run's
	ctx    context.Context // the reader's: cancelled by a batch's fatal error
	cancel context.CancelFunc
	jobs   chan batchJob
	wg     sync.WaitGroup

	lines, pages, failed, done atomic.Int64
	contracts                  int // handed over; the producer's only
	started                    int // workers started; the producer's only
	once, lostOnce             sync.Once
	fatalErr, lostErr          error
	lost                       atomic.Bool
}

// batchJob is one batch: the contracts' ids and what the lines need of them.
type batchJob struct {
	ids     []string
	parents map[string]connector.Agreement
}

func (r *run) newLineReader(ctx context.Context) *lineReader {
	wctx, cancel := context.WithCancel(ctx)
	return &lineReader{r: r, parent: ctx, ctx: wctx, cancel: cancel, jobs: make(chan batchJob)}
}

// add hands a page of contracts (at most batchSize) over; it waits for a free worker.
func (lr *lineReader) add(contracts []connector.Agreement) error {
	if len(contracts) == 0 {
		return nil
	}
	job := batchJob{parents: make(map[string]connector.Agreement, len(contracts))}
	for _, a := range contracts {
		job.ids = append(job.ids, a.ID)
		job.parents[a.ID] = a
	}
	lr.contracts += len(job.ids)
	if lr.started < lr.r.c.concurrency {
		lr.started++
		lr.wg.Go(lr.work)
	}
	select {
	case lr.jobs <- job:
		return nil
	case <-lr.ctx.Done():
		return lr.ctx.Err()
	}
}

func (lr *lineReader) work() {
	r := lr.r
	for job := range lr.jobs {
		if lr.lost.Load() {
			lr.failed.Add(int64(len(job.ids)))
			r.failBatch(job.ids, lr.lostErr)
			continue
		}
		n, pg, err := r.batch(lr.ctx, job.ids, job.parents)
		lr.pages.Add(int64(pg))
		switch {
		case err == nil:
			lr.lines.Add(int64(n))
		case fatal(lr.ctx, err) || isSinkError(err):
			lr.once.Do(func() { lr.fatalErr = err; lr.cancel() })
			continue
		case noAnswer(err):
			lr.lostOnce.Do(func() { lr.lostErr = err; lr.lost.Store(true) })
			lr.failed.Add(int64(len(job.ids)))
			r.failBatch(job.ids, err)
		default:
			lr.failed.Add(int64(len(job.ids)))
			r.sink.Logf(secServices, connector.LevelWarn, "could not read the services of %s; their cached lines are kept: %v", connector.Count(len(job.ids), "contract", "contracts"), err)
			r.failBatch(job.ids, err)
		}
		r.sink.Progress(secServices, int(lr.done.Add(int64(len(job.ids)))), 0)
	}
}

// abort ends the reader when the contracts list failed the run with err, and returns what
// ends it: a batch's own fatal error (a 401, say) when there was one, since err may only be
// the cancellation that error caused.
func (lr *lineReader) abort(err error) error {
	lr.cancel()
	close(lr.jobs)
	lr.wg.Wait()
	if lr.fatalErr != nil {
		return lr.fatalErr
	}
	return err
}

// finish waits for the batches handed over, logs what was read and returns what ends the
// run. all says every contract was handed over: only then may a Full Sync complete the
// lines as a whole.
func (lr *lineReader) finish(all bool) error {
	close(lr.jobs)
	lr.wg.Wait()
	defer lr.cancel()
	r := lr.r
	if lr.fatalErr != nil {
		return lr.fatalErr
	}
	if err := lr.parent.Err(); err != nil {
		return fmt.Errorf("reading contract services: %w", err)
	}
	if lr.contracts == 0 {
		<-r.catalogDone
		if r.full && all {
			r.sink.Complete(connector.Scope{Entity: connector.EntityServiceLines})
		}
		r.sink.Logf(secServices, connector.LevelInfo, "read 0 contract services (no contracts)")
		return nil
	}
	failed := int(lr.failed.Load())
	r.sink.Logf(secServices, connector.LevelInfo, "read %d contract services of %s with their units for %s (%s)",
		lr.lines.Load(), connector.Count(lr.contracts-failed, "contract", "contracts"), r.today, connector.Count(int(lr.pages.Load()), "page", "pages"))
	switch {
	case lr.lost.Load():
		r.sink.Logf(secServices, connector.LevelError, "Autotask stopped answering while contract services were read (%v): the services of %s were not read, their cached lines are kept and the run is partial; check the network connection, then sync again", lr.lostErr, connector.Count(failed, "contract", "contracts"))
	case failed > 0:
		r.sink.Logf(secServices, connector.LevelWarn, "the services of %s could not be read; their cached lines are kept and the run is partial: sync again later", connector.Count(failed, "contract", "contracts"))
	case r.full && all:
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
