package csvfile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/fileimport"
)

const sectionFile = "file"

// Connector reads one integration's chosen file.
type Connector struct {
	name string
	path string
	opts fileimport.Options
}

// New builds a csv connector from cfg; the file may be unset until the first import.
func New(cfg connector.Config) (*Connector, error) {
	opts, err := Options(cfg.Settings)
	if err != nil {
		return nil, err
	}
	return &Connector{name: cfg.Name, path: strings.TrimSpace(cfg.Settings[SettingFile]), opts: opts}, nil
}

// Test checks that the chosen file can be read and its columns found.
func (c *Connector) Test(ctx context.Context) error {
	_, err := c.read(ctx)
	return err
}

func (c *Connector) read(ctx context.Context) (fileimport.Result, error) {
	if err := ctx.Err(); err != nil {
		return fileimport.Result{}, err
	}
	if c.path == "" {
		return fileimport.Result{}, &connector.ConfigError{Field: SettingFile, Msg: fmt.Sprintf("no file chosen yet: import one with trueup import --integration %q --file PATH", c.name)}
	}
	data, err := os.ReadFile(c.path)
	if err != nil {
		return fileimport.Result{}, fmt.Errorf("check that the file still exists and is readable, then import again: %w", err)
	}
	res, err := fileimport.Parse(filepath.Base(c.path), data, c.opts)
	if err != nil {
		return res, fmt.Errorf("%s: %w", filepath.Base(c.path), err)
	}
	return res, nil
}

// Sync reads the whole file in every mode (a file has no change filter) and marks every
// entity complete, so a QuickSync of a file integration is a Full Sync of the same file.
// Bad rows each fail a scope of their own ("file line N"), which owns no cached rows: the
// run is partial, the good rows import, and the message names the row's line.
func (c *Connector) Sync(ctx context.Context, _ connector.Request, sink connector.Sink) error {
	res, err := c.read(ctx)
	if err != nil {
		return err
	}
	for _, n := range res.Notes() {
		sink.Logf(sectionFile, connector.LevelInfo, "%s: %s", filepath.Base(c.path), n)
	}
	sink.Logf(sectionFile, connector.LevelInfo, "%s: %d rows, %d lines, %d bad rows", filepath.Base(c.path), res.Rows, len(res.Lines), len(res.Bad))
	for _, b := range res.Bad {
		section := fmt.Sprintf("file line %d", b.Line)
		sink.Fail(section, connector.Scope{Entity: connector.EntitySubscriptions, ParentID: section}, errors.New(b.String()))
	}
	// Accounts and products in the order the file first names them, so runs are repeatable.
	var accounts []connector.Account
	var products []connector.Product
	seenAcc, seenProd := map[string]bool{}, map[string]bool{}
	var subs []connector.Subscription
	for _, l := range res.Lines {
		raw, err := json.Marshal(rawLine{Line: l, File: filepath.Base(c.path)})
		if err != nil {
			return fmt.Errorf("encode line of %s: %w", l.Account, err)
		}
		acc := fileimport.AccountID(l.Account)
		if !seenAcc[acc] {
			seenAcc[acc] = true
			accounts = append(accounts, connector.Account{ID: acc, Name: l.Account, Status: "Active", Type: "Customer", Active: true})
		}
		if !seenProd[l.ProductID] {
			seenProd[l.ProductID] = true
			products = append(products, connector.Product{ID: l.ProductID, Identifier: l.SKU, Name: l.Product, VendorSKU: l.ProductID, Price: l.Price, Cost: l.Cost, Recurring: l.Term != ""})
		}
		subs = append(subs, connector.Subscription{
			ID: l.Key, AccountID: acc, ProductID: l.ProductID, ProductName: l.Product, Quantity: l.Quantity,
			Status: "Active", Active: true, BillingTerm: l.Term, StartDate: l.Start, EndDate: l.End,
			Price: l.Price, Cost: l.Cost, Raw: raw,
		})
	}
	if err := connector.Put(ctx, sink, accounts...); err != nil {
		return err
	}
	if err := connector.Put(ctx, sink, products...); err != nil {
		return err
	}
	if err := connector.Put(ctx, sink, subs...); err != nil {
		return err
	}
	for _, e := range []connector.Entity{connector.EntityAccounts, connector.EntityProducts, connector.EntitySubscriptions} {
		sink.Complete(connector.Scope{Entity: e})
	}
	sink.Progress(sectionFile, res.Rows, res.Rows)
	return nil
}

// rawLine is what "why isn't this showing?" sees of a file line: the parsed values, the
// billing frequency a Dicker stock code carries, and where in which file it came from.
type rawLine struct {
	fileimport.Line
	File string `json:"file"`
}
