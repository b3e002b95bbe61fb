package halopsa

import (
	"encoding/json"
	"slices"
)

// The records below mirror the JSON the HaloPSA REST API returns for the endpoints TrueUp
// reads. Field names are those of the Halo API v2 schemas (swagger.json as mirrored in
// covenanttechnologysolutions/halopsa-rest: Area for /Client, ContractHeader for
// /ClientContract, InvoiceHeader and InvoiceDetail for /RecurringInvoice, Item for /Item);
// only the fields a sync cares about, plus a few realistic extras, are modelled. Dates are
// "YYYY-MM-DDT00:00:00" without a zone, as Halo sends them.

// Client is a row of GET /api/Client (schema Area).
type Client struct {
	ID           int    `json:"id"`
	Name         string `json:"name"`
	Inactive     bool   `json:"inactive"`
	TopLevelID   int    `json:"toplevel_id"`
	TopLevelName string `json:"toplevel_name"`
	// CustomerType is the id of the client's customer type (a lookup Halo lets each MSP
	// configure); the API gives no names for it, so TrueUp does not judge by it.
	CustomerType int    `json:"customertype,omitempty"`
	DateCreated  string `json:"datecreated,omitempty"`
	PhoneNumber  string `json:"phonenumber,omitempty"`
}

// Contract is a row of GET /api/ClientContract (schema ContractHeader).
type Contract struct {
	ID         int    `json:"id"`
	ClientID   int    `json:"client_id"`
	ClientName string `json:"client_name"`
	Ref        string `json:"ref"`
	StartDate  string `json:"start_date,omitempty"`
	EndDate    string `json:"end_date,omitempty"`
	// Active is Halo's active flag of the contract (nullable in the schema; the simulator
	// always sends it).
	Active         bool    `json:"active"`
	ContractStatus string  `json:"contract_status,omitempty"`
	BillingPeriod  int     `json:"billingperiod"`
	PeriodCharge   float64 `json:"periodchargeamount"`
	LastModified   string  `json:"last_modified,omitempty"`
}

// InvoiceLine is one line of a recurring invoice (schema InvoiceDetail).
type InvoiceLine struct {
	ID                   int     `json:"id"`
	IHID                 int     `json:"ihid"` // the recurring invoice header's id
	ItemID               int     `json:"_itemid"`
	ItemCode             string  `json:"item_code"`
	ItemShortDescription string  `json:"item_shortdescription"`
	QtyOrder             float64 `json:"qty_order"`
	UnitPrice            float64 `json:"unit_price"`
	UnitCost             float64 `json:"unit_cost"`
	BasePrice            float64 `json:"baseprice"`
	NetAmount            float64 `json:"net_amount"`
	ContractID           int     `json:"contract_id"`
	StartDate            string  `json:"startdate,omitempty"`
	EndDate              string  `json:"enddate,omitempty"`
	IsInactive           bool    `json:"isinactive"`
	SequenceID           int     `json:"sequenceid"`
	QuantityType         int     `json:"recurring_invoice_quantity_type"`
}

// RecurringInvoice is a row of GET /api/RecurringInvoice (schema InvoiceHeader); Lines
// are sent only with includelines=true (list) or includedetails=true (one invoice).
type RecurringInvoice struct {
	ID               int           `json:"id"`
	ClientID         int           `json:"client_id"`
	ClientName       string        `json:"client_name"`
	ContractID       int           `json:"contract_id"`
	ContractRef      string        `json:"contract_ref"`
	Reference        string        `json:"reference"`
	Disabled         bool          `json:"disabled"`
	StartDate        string        `json:"startdate,omitempty"`
	EndDate          string        `json:"enddate,omitempty"`
	NextCreationDate string        `json:"nextcreationdate,omitempty"`
	Period           int           `json:"period"`
	LastModified     string        `json:"last_modified,omitempty"`
	Lines            []InvoiceLine `json:"lines"`
}

// Item is a row of GET /api/Item (schema Item): the product catalog.
type Item struct {
	ID                int     `json:"id"`
	Name              string  `json:"name"`
	Description       string  `json:"description,omitempty"`
	InternalReference string  `json:"internalreference,omitempty"`
	SupplierPartCode  string  `json:"supplier_part_code,omitempty"`
	SupplierName      string  `json:"supplier_name,omitempty"`
	BasePrice         float64 `json:"baseprice"`
	CostPrice         float64 `json:"costprice"`
	RecurringPrice    float64 `json:"recurringprice"`
	RecurringCost     float64 `json:"recurringcost"`
	IsContractItem    bool    `json:"iscontractitem"`
	// Inactive is not in the published Item schema, but GET /Item takes includeinactive, so
	// Halo has inactive items; the simulator sends the flag and hides them by default.
	Inactive     bool   `json:"inactive"`
	LastModified string `json:"lastmodified,omitempty"`
}

// Dataset is the content of one simulated Halo instance.
type Dataset struct {
	Clients   []Client
	Contracts []Contract
	Invoices  []RecurringInvoice
	Items     []Item
}

// Clone is a deep copy.
func (d *Dataset) Clone() *Dataset {
	if d == nil {
		return &Dataset{}
	}
	out := &Dataset{
		Clients:   slices.Clone(d.Clients),
		Contracts: slices.Clone(d.Contracts),
		Items:     slices.Clone(d.Items),
	}
	for _, inv := range d.Invoices {
		inv.Lines = slices.Clone(inv.Lines)
		out.Invoices = append(out.Invoices, inv)
	}
	return out
}

// MarshalJSON of a header without lines leaves "lines" out, as Halo's list does without
// includelines.
func headerOnly(inv RecurringInvoice) map[string]any {
	b, _ := json.Marshal(inv)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	delete(m, "lines")
	return m
}
