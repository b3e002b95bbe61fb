package connectwise

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
)

// Addition is an agreement addition as ConnectWise holds it: what a push reads before it
// writes and gets back after.
type Addition struct {
	ID                 int64
	AgreementID        int64
	ProductID          int64
	ProductIdentifier  string
	Quantity           float64
	LessIncluded       float64
	UnitPrice          float64
	UnitCost           float64
	BillCustomer       string // Billable, DoNotBill or NoCharge (kept as sent: sites add values)
	EffectiveDate      string // civil date YYYY-MM-DD, "" when none
	CancelledDate      string // civil date YYYY-MM-DD, "" when none
	Description        string
	InvoiceDescription string
	// LastUpdated is _info.lastUpdated; zero when ConnectWise sent none.
	LastUpdated time.Time
}

// NewAddition is a line to add to an agreement.
type NewAddition struct {
	ProductID    int64
	Quantity     float64
	UnitPrice    float64
	UnitCost     float64
	BillCustomer string // Billable, DoNotBill or NoCharge (required by ConnectWise)
	// EffectiveDate is the civil date the line starts billing, YYYY-MM-DD; it is sent as
	// midnight UTC ("2027-01-01T00:00:00Z"), the form ConnectWise stores dates in.
	EffectiveDate string
	// Description is the line's text; it is also sent as invoiceDescription, which is what
	// the invoice prints, so the marker below stays off invoices. Required with a Marker.
	Description string
	// Marker is the push's key (MarkerTag): it is appended to description so that a create
	// whose outcome is unknown can be found again (FindAdditions) before anything is resent.
	Marker string
}

// wireAddition is the Addition JSON the sync reads, plus the invoice text a push sets.
type wireAddition struct {
	apiAddition
	InvoiceDescription string `json:"invoiceDescription"`
}

func (a wireAddition) state(agreementID int64) Addition {
	out := Addition{
		ID: int64(a.ID), AgreementID: int64(a.AgreementID),
		Quantity: float64(a.Quantity), LessIncluded: float64(a.LessIncluded),
		UnitPrice: float64(a.UnitPrice), UnitCost: float64(a.UnitCost),
		BillCustomer:  a.BillCustomer,
		EffectiveDate: civilDate(a.EffectiveDate), CancelledDate: civilDate(a.CancelledDate),
		Description: a.Description, InvoiceDescription: a.InvoiceDescription,
		LastUpdated: parseTime(a.Info.LastUpdated),
	}
	if out.AgreementID == 0 {
		out.AgreementID = agreementID // the child route implies it; some versions leave it out
	}
	if a.Product != nil {
		out.ProductID, out.ProductIdentifier = int64(a.Product.ID), a.Product.Identifier
	}
	return out
}

const (
	additionsEndpoint = "/finance/agreements/{agreementId}/additions"
	additionEndpoint  = additionsEndpoint + "/{id}"

	// agreementsEdit and agreementsInquire are the security-role settings that writing and
	// reading additions need.
	agreementsEdit    = "Finance > Agreements: Edit"
	agreementsDelete  = "Finance > Agreements: Delete"
	agreementsInquire = "Finance > Agreements (Inquire Level: All)"
)

func additionPath(agreementID, additionID int64) string {
	return fmt.Sprintf("/finance/agreements/%d/additions/%d", agreementID, additionID)
}

func additionTarget(agreementID, additionID int64) target {
	return target{
		what:       fmt.Sprintf("addition %d of agreement %d", additionID, agreementID),
		gone:       "the addition no longer exists in ConnectWise: sync and review again",
		permission: agreementsEdit,
		inquire:    agreementsInquire,
	}
}

// removalTarget is additionTarget for a DELETE, which needs the role's Delete level.
func removalTarget(agreementID, additionID int64) target {
	t := additionTarget(agreementID, additionID)
	t.gone = "the addition is no longer in ConnectWise: nothing is left to remove"
	t.permission = agreementsDelete
	return t
}

func agreementTarget(agreementID int64) target {
	return target{
		what:       fmt.Sprintf("agreement %d", agreementID),
		gone:       "the agreement no longer exists in ConnectWise: sync, then choose the agreement again",
		permission: agreementsEdit,
		inquire:    agreementsInquire,
	}
}

// ReadAddition reads one addition. A missing addition (or agreement) is a
// *connector.NotFoundError.
func (w *Writer) ReadAddition(ctx context.Context, agreementID, additionID int64) (Addition, error) {
	body, err := w.get(ctx, additionEndpoint, additionPath(agreementID, additionID), additionTarget(agreementID, additionID))
	if err != nil {
		return Addition{}, err
	}
	var a wireAddition
	if err := json.Unmarshal(body, &a); err != nil {
		return Addition{}, fmt.Errorf("GET %s: the addition could not be read: %w", additionEndpoint, err)
	}
	return a.state(agreementID), nil
}

// PatchAdditionQuantity sets an addition's quantity and returns the addition from
// ConnectWise's 200 answer.
func (w *Writer) PatchAdditionQuantity(ctx context.Context, agreementID, additionID int64, quantity float64) (Addition, error) {
	if err := checkAmount("the quantity", quantity, false); err != nil {
		return Addition{}, fmt.Errorf("addition %d of agreement %d: %w", additionID, agreementID, err)
	}
	return w.PatchAddition(ctx, agreementID, additionID, []PatchOperation{{Op: "replace", Path: "quantity", Value: quantity}})
}

// PatchAddition sends a JSON Patch array to one addition and returns the addition from the
// 200 answer.
func (w *Writer) PatchAddition(ctx context.Context, agreementID, additionID int64, ops []PatchOperation) (Addition, error) {
	if len(ops) == 0 {
		return Addition{}, errors.New("a patch needs at least one operation")
	}
	resp, body, err := w.write(ctx, http.MethodPatch, additionEndpoint, additionPath(agreementID, additionID), ops, additionTarget(agreementID, additionID))
	if err != nil {
		return Addition{}, err
	}
	var a wireAddition
	if err := json.Unmarshal(body, &a); err != nil || a.ID == 0 {
		if err == nil {
			err = errors.New("the answer holds no addition")
		}
		return Addition{}, unreadable(resp, http.MethodPatch, err)
	}
	return a.state(agreementID), nil
}

// DeleteAddition removes an addition from its agreement (ConnectWise answers 204). An
// addition that is gone already is a *connector.NotFoundError; a DELETE that may have been
// applied without a clear answer is an *httpx.UnknownOutcomeError (read it: a 404 then
// means it was).
func (w *Writer) DeleteAddition(ctx context.Context, agreementID, additionID int64) error {
	_, _, err := w.Send(ctx, http.MethodDelete, additionPath(agreementID, additionID), nil)
	return err
}

// MarkerTag is the text a marker key puts into an addition's description, e.g.
// "(TrueUp p42-7f3a)". A key is 1 to 24 letters, digits and hyphens, so the tag needs no
// escaping in a conditions string and holds none of LIKE's wildcards (% _ [ ]).
func MarkerTag(key string) (string, error) {
	if !markerKey.MatchString(key) {
		return "", fmt.Errorf("the marker %q must be 1 to 24 letters, digits or hyphens", key)
	}
	return "(TrueUp " + key + ")", nil
}

var markerKey = regexp.MustCompile(`^[A-Za-z0-9-]{1,24}$`)

// maxDescription bounds the description sent with a marker. ConnectWise's limit on an
// addition's description is not documented (its catalog description allows 60 characters,
// and the addition's defaults to it), so the text is cut to fit 60 with the tag, keeping
// the tag whole: a cut tag could not be found again.
const maxDescription = 60

func describe(text, tag string) string {
	if tag == "" {
		return text
	}
	room := maxDescription - len(tag) - 1
	r := []rune(strings.TrimSpace(text))
	if len(r) > room {
		r = r[:room]
	}
	if len(r) == 0 {
		return tag
	}
	return strings.TrimSpace(string(r)) + " " + tag
}

// productRef references a catalog item by id alone: an empty identifier beside the id
// would be one more thing for ConnectWise to resolve.
type productRef struct {
	ID int64 `json:"id"`
}

// wireNewAddition is the POST body.
type wireNewAddition struct {
	Product            productRef `json:"product"`
	Quantity           float64    `json:"quantity"`
	UnitPrice          float64    `json:"unitPrice"`
	UnitCost           float64    `json:"unitCost"`
	BillCustomer       string     `json:"billCustomer"`
	EffectiveDate      string     `json:"effectiveDate,omitempty"`
	Description        string     `json:"description,omitempty"`
	InvoiceDescription string     `json:"invoiceDescription,omitempty"`
}

// CreateAddition adds a line to an agreement and returns the addition from ConnectWise's
// 201 answer, with its id.
func (w *Writer) CreateAddition(ctx context.Context, agreementID int64, n NewAddition) (Addition, error) {
	body, err := newAdditionBody(n)
	if err != nil {
		return Addition{}, fmt.Errorf("a new line for agreement %d: %w", agreementID, err)
	}
	path := fmt.Sprintf("/finance/agreements/%d/additions", agreementID)
	resp, answer, err := w.write(ctx, http.MethodPost, additionsEndpoint, path, body, agreementTarget(agreementID))
	if err != nil {
		return Addition{}, err
	}
	var a wireAddition
	if err := json.Unmarshal(answer, &a); err != nil || a.ID == 0 {
		if err == nil {
			err = errors.New("the answer holds no addition id")
		}
		return Addition{}, unreadable(resp, http.MethodPost, err)
	}
	return a.state(agreementID), nil
}

func newAdditionBody(n NewAddition) (wireNewAddition, error) {
	if n.ProductID <= 0 {
		return wireNewAddition{}, errors.New("choose the ConnectWise product (catalog item) of the line")
	}
	switch n.BillCustomer {
	case "Billable", "DoNotBill", "NoCharge":
	default:
		return wireNewAddition{}, fmt.Errorf("billCustomer must be Billable, DoNotBill or NoCharge, not %q", n.BillCustomer)
	}
	for _, a := range []struct {
		field string
		v     float64
		neg   bool
	}{{"the quantity", n.Quantity, false}, {"the unit price", n.UnitPrice, true}, {"the unit cost", n.UnitCost, false}} {
		if err := checkAmount(a.field, a.v, a.neg); err != nil {
			return wireNewAddition{}, err
		}
	}
	b := wireNewAddition{Product: productRef{ID: n.ProductID}, Quantity: n.Quantity, UnitPrice: n.UnitPrice,
		UnitCost: n.UnitCost, BillCustomer: n.BillCustomer, InvoiceDescription: strings.TrimSpace(n.Description)}
	if n.EffectiveDate != "" {
		d, err := time.Parse("2006-01-02", n.EffectiveDate)
		if err != nil {
			return wireNewAddition{}, fmt.Errorf("the effective date %q is not a date like 2027-01-01", n.EffectiveDate)
		}
		b.EffectiveDate = d.Format("2006-01-02") + "T00:00:00Z"
	}
	tag := ""
	if n.Marker != "" && strings.TrimSpace(n.Description) == "" {
		// The invoice would otherwise fall back to some text of ConnectWise's choosing,
		// which could be the marked description.
		return wireNewAddition{}, errors.New("give the line a description: the invoice prints it")
	}
	if n.Marker != "" {
		var err error
		if tag, err = MarkerTag(n.Marker); err != nil {
			return wireNewAddition{}, err
		}
	}
	b.Description = describe(n.Description, tag)
	return b, nil
}

// FindAdditions lists the additions of an agreement whose description carries the marker
// key's tag: what a create with an unknown outcome left behind, if anything. The query
// narrows on the server with conditions=description like "%tag%" (conditions work on the
// child route as on every list); the exact tag is then matched here, so a server that
// ignores or loosens the condition (LIKE is case-insensitive there) cannot produce a
// false match. A missing agreement is a *connector.NotFoundError.
func (w *Writer) FindAdditions(ctx context.Context, agreementID int64, marker string) ([]Addition, error) {
	var out []Addition
	err := w.markedAdditions(ctx, agreementID, marker, func(_ json.RawMessage, a Addition) { out = append(out, a) })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// markedAdditions calls found with each addition of an agreement whose description carries
// the marker key's tag, as ConnectWise sent it and as read (see FindAdditions).
func (w *Writer) markedAdditions(ctx context.Context, agreementID int64, marker string, found func(json.RawMessage, Addition)) error {
	tag, err := MarkerTag(marker)
	if err != nil {
		return err
	}
	q := url.Values{"conditions": {`description like "%` + tag + `%"`}}
	path := "/finance/agreements/" + strconv.FormatInt(agreementID, 10) + "/additions"
	_, err = w.cl.list(ctx, additionsEndpoint, path, q, func(rows []json.RawMessage) error {
		for _, raw := range rows {
			a, err := decode[wireAddition](additionsEndpoint, raw)
			if err != nil {
				return err
			}
			if strings.Contains(a.Description, tag) {
				found(raw, a.state(agreementID))
			}
		}
		return nil
	})
	var nf *connector.NotFoundError
	if errors.As(err, &nf) {
		t := agreementTarget(agreementID)
		// The read path's message points at the base URL; here the site answered for the
		// other routes, so what is missing is the agreement.
		return &connector.NotFoundError{What: t.what + " in ConnectWise", Err: fmt.Errorf("%s (GET %s: HTTP 404)", t.gone, additionsEndpoint)}
	}
	return err
}
