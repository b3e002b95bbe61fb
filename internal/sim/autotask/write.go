package autotask

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The write side of the simulator, as the Autotask REST API v1.0 documents it
// (research/psa-write-apis.md section 2):
//   - POST /V1.0/ContractServiceAdjustments, or the child route
//     POST /V1.0/Contracts/{id}/ServiceAdjustments, with {contractID, serviceID,
//     contractServiceID?, unitChange, effectiveDate, adjustedUnitPrice?, adjustedUnitCost?}
//     answers {"itemId": N}. An adjustment is create-only (no query, update or delete), a
//     whole-number (int32) delta of units from its effective date on, which must lie inside
//     the contract's dates; a contract service the contract does not have yet is created.
//     The units of the period covering the date split there: the new row starts on the
//     effective date (ContractServiceUnits), and every later period carries the delta too.
//     A second adjustment of one contract service on one date fails with "Attempt to insert
//     duplicate data into contract_service_period".
//     ww1.autotask.net/help/DeveloperHelp/Content/APIs/REST/Entities/ContractServiceAdjustmentsEntity.htm,
//     …/ContractServiceUnitsEntity.htm
//   - PATCH /V1.0/Services with {id, …} in the body changes only the fields sent and answers
//     {"itemId": id}; unitCost is silently ignored when the API user cannot see costs.
//     autotask.net/help/developerhelp/content/apis/REST/Entities/ServicesEntity.htm,
//     …/REST_Updating_Data_PATCH.htm
//   - Validation errors are HTTP 500 with {"errors": […]}.

// adjustmentBody is a ContractServiceAdjustments request. Numbers stay json.Number so a
// fractional unitChange is refused as Autotask's int32 field refuses it.
type adjustmentBody struct {
	ContractID        json.Number  `json:"contractID"`
	ContractServiceID *json.Number `json:"contractServiceID"`
	ServiceID         json.Number  `json:"serviceID"`
	UnitChange        json.Number  `json:"unitChange"`
	EffectiveDate     string       `json:"effectiveDate"`
	AdjustedUnitPrice *float64     `json:"adjustedUnitPrice"`
	AdjustedUnitCost  *float64     `json:"adjustedUnitCost"`
}

// adjust is POST ContractServiceAdjustments (and the child route of a contract).
func (s *Server) adjust(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	logged := Write{Method: r.Method, Path: strings.ToLower(r.URL.Path), Body: string(raw)}
	refuse := func(msg string) {
		logged.Status = http.StatusInternalServerError
		s.logWrite(logged)
		writeError(w, http.StatusInternalServerError, msg)
	}
	if err != nil {
		refuse("The request body could not be read.")
		return
	}
	var b adjustmentBody
	if err := json.Unmarshal(raw, &b); err != nil {
		refuse(fmt.Sprintf("The request body is not a valid ContractServiceAdjustments entity: %v", err))
		return
	}
	if parent := r.PathValue("id"); parent != "" {
		if b.ContractID == "" {
			b.ContractID = json.Number(parent)
		} else if b.ContractID.String() != parent {
			refuse(fmt.Sprintf("contractID %s does not match the parent contract %s.", b.ContractID, parent))
			return
		}
	}
	contractID, err1 := entityID(b.ContractID)
	serviceID, err2 := entityID(b.ServiceID)
	switch {
	case err1 != nil:
		refuse("contractID: " + err1.Error())
		return
	case err2 != nil:
		refuse("serviceID: " + err2.Error())
		return
	}
	change, err := strconv.ParseInt(b.UnitChange.String(), 10, 32)
	if err != nil {
		refuse(fmt.Sprintf("unitChange: the value %q is not a valid Int32.", b.UnitChange))
		return
	}
	day, ok := parseTime(b.EffectiveDate)
	if !ok {
		refuse(fmt.Sprintf("effectiveDate: the value %q is not a valid date.", b.EffectiveDate))
		return
	}
	date := Date(day)

	s.mu.Lock()
	csID, itemID, fault, msg := s.applyAdjustment(r, contractID, serviceID, b, int(change), date)
	s.mu.Unlock()
	switch {
	case fault != nil:
		logged.Status = fault.Status
		s.logWrite(logged)
		s.writeFault(w, *fault)
		return
	case msg != "":
		refuse(msg)
		return
	}
	logged.ContractServiceID, logged.EffectiveDate, logged.UnitChange = csID, date[:10], int(change)
	s.answerWrite(w, r, logged, []byte(fmt.Sprintf(`{"itemId":%d}`, itemID)))
}

// applyAdjustment validates and applies one adjustment under s.mu; msg is Autotask's
// refusal, fault an injected failure that struck before anything was applied.
func (s *Server) applyAdjustment(r *http.Request, contractID, serviceID int, b adjustmentBody, change int, date string) (csID, itemID int, fault *Fault, msg string) {
	cr := s.table(EntityContracts).find(contractID)
	if cr == nil {
		return 0, 0, nil, "Value does not reference an existing entity for contractID."
	}
	c := cr.v.(*Contract)
	if c.ContractType != ContractTypeRecurringService {
		return 0, 0, nil, "ContractServiceAdjustments can only be created for Recurring Service contracts."
	}
	svc := s.table(EntityServices).find(serviceID)
	if svc == nil {
		return 0, 0, nil, "Value does not reference an existing entity for serviceID."
	}
	if date < c.StartDate || (c.EndDate != "" && date > c.EndDate) {
		return 0, 0, nil, fmt.Sprintf("effectiveDate %s must be within the contract's start date (%s) and end date (%s).", date[:10], c.StartDate[:min(10, len(c.StartDate))], c.EndDate[:min(10, len(c.EndDate))])
	}
	services := s.table(EntityContractServices)
	var cs *ContractService
	if b.ContractServiceID != nil {
		id, err := entityID(*b.ContractServiceID)
		if err != nil {
			return 0, 0, nil, "contractServiceID: " + err.Error()
		}
		row := services.find(id)
		if row == nil {
			return 0, 0, nil, "Value does not reference an existing entity for contractServiceID."
		}
		cs = row.v.(*ContractService)
		if cs.ContractID != contractID || cs.ServiceID != serviceID {
			return 0, 0, nil, "The contract service does not belong to this contract and service."
		}
	} else {
		for _, row := range services.rows {
			if x := row.v.(*ContractService); x.ContractID == contractID && x.ServiceID == serviceID {
				cs = x
				break
			}
		}
	}
	units := s.table(EntityContractServiceUnits)
	if cs != nil {
		s.writes.mu.Lock()
		_, dup := s.writes.adjusted[adjustmentKey{cs.ID, date}]
		s.writes.mu.Unlock()
		if dup {
			return 0, 0, nil, "Attempt to insert duplicate data into contract_service_period."
		}
		for _, row := range units.rows {
			if u := row.v.(*ContractServiceUnit); u.ContractServiceID == cs.ID && u.EndDate >= date && u.Units+float64(change) < 0 {
				return 0, 0, nil, fmt.Sprintf("unitChange %d would take the units of the period starting %s below zero.", change, u.StartDate[:10])
			}
		}
	} else if change < 0 {
		return 0, 0, nil, fmt.Sprintf("unitChange %d would take the units of a new contract service below zero.", change)
	}
	if f, hit := s.takeWriteFault(r, FailBeforeApply); hit {
		return 0, 0, &f, ""
	}
	sv := svc.v.(*Service)
	if cs == nil {
		cs = s.newContractService(c, sv, b)
	}
	s.splitUnits(cs, date, float64(change), b.AdjustedUnitPrice)
	s.writes.mu.Lock()
	defer s.writes.mu.Unlock()
	if s.writes.adjusted == nil {
		s.writes.adjusted = map[adjustmentKey]int{}
		s.writes.nextItem = 700001
	}
	itemID = s.writes.nextItem
	s.writes.nextItem++
	s.writes.adjusted[adjustmentKey{cs.ID, date}] = itemID
	return cs.ID, itemID, nil, ""
}

// newContractService adds the service to the contract with 0 units in every period of the
// contract, as Autotask does for an adjustment of a service the contract lacks.
func (s *Server) newContractService(c *Contract, sv *Service, b adjustmentBody) *ContractService {
	services := s.table(EntityContractServices)
	price, cost := sv.UnitPrice, sv.UnitCost
	if b.AdjustedUnitPrice != nil {
		price = *b.AdjustedUnitPrice
	}
	if b.AdjustedUnitCost != nil {
		cost = *b.AdjustedUnitCost
	}
	cs := &ContractService{ID: services.maxID() + 1, ContractID: c.ID, ServiceID: sv.ID, UnitPrice: sv.UnitPrice, UnitCost: cost,
		AdjustedPrice: price, InvoiceDescription: sv.InvoiceDescription, InternalCurrencyAdjustedPrice: price, InternalCurrencyUnitPrice: sv.UnitPrice}
	services.put(cs.ID, cs)
	units := s.table(EntityContractServiceUnits)
	start, _ := parseTime(c.StartDate)
	end, ok := parseTime(c.EndDate)
	if !ok {
		end = start.AddDate(1, 0, -1)
	}
	for p := start; !p.After(end); p = p.AddDate(0, 1, 0) {
		pe := p.AddDate(0, 1, -1)
		if pe.After(end) {
			pe = end
		}
		u := &ContractServiceUnit{ID: units.maxID() + 1, ContractID: c.ID, ContractServiceID: cs.ID, ServiceID: sv.ID,
			StartDate: Date(p), EndDate: Date(pe), Price: price, Cost: cost}
		units.put(u.ID, u)
	}
	return cs
}

// splitUnits applies a delta from date on: the period covering date ends the day before
// and a new row starts on date, and every row from date on carries the delta.
func (s *Server) splitUnits(cs *ContractService, date string, delta float64, price *float64) {
	units := s.table(EntityContractServiceUnits)
	day, _ := parseTime(date)
	var split []*ContractServiceUnit
	for _, row := range units.rows {
		if u := row.v.(*ContractServiceUnit); u.ContractServiceID == cs.ID && u.StartDate < date && u.EndDate >= date {
			split = append(split, u)
		}
	}
	for _, u := range split {
		n := *u
		n.ID = units.maxID() + 1
		n.StartDate = date
		u.EndDate = Date(day.Add(-24 * time.Hour))
		units.put(n.ID, &n)
		units.find(u.ID).sync(units)
	}
	for _, row := range units.rows {
		if u := row.v.(*ContractServiceUnit); u.ContractServiceID == cs.ID && u.StartDate >= date {
			u.Units += delta
			if price != nil {
				u.Price = *price
			}
			row.sync(units)
		}
	}
	if price != nil {
		cs.AdjustedPrice, cs.InternalCurrencyAdjustedPrice = *price, *price
		services := s.table(EntityContractServices)
		services.find(cs.ID).sync(services)
	}
}

// patch is a PATCH request's body as read: the fields sent, the entity id it names, the
// write as logged, and refuse, which answers Autotask's validation error.
type patch struct {
	body   map[string]json.RawMessage
	id     int
	logged Write
	refuse func(msg string)
}

// readPatch reads a PATCH of entity (the id in the body, as Autotask's updates take it);
// a body that is not an object naming a valid id is refused (logged) and ok is false.
func (s *Server) readPatch(w http.ResponseWriter, r *http.Request, entity string) (p patch, ok bool) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	p.logged = Write{Method: r.Method, Path: strings.ToLower(r.URL.Path), Body: string(raw)}
	p.refuse = func(msg string) {
		p.logged.Status = http.StatusInternalServerError
		s.logWrite(p.logged)
		writeError(w, http.StatusInternalServerError, msg)
	}
	if err != nil || json.Unmarshal(raw, &p.body) != nil {
		p.refuse("The request body is not a valid " + entity + " entity.")
		return p, false
	}
	var idn json.Number
	if json.Unmarshal(p.body["id"], &idn) != nil {
		p.refuse("id: a PATCH must name the entity to update in the body.")
		return p, false
	}
	if p.id, err = entityID(idn); err != nil {
		p.refuse("id: " + err.Error())
		return p, false
	}
	return p, true
}

// patchService is PATCH Services: the id in the body, only the fields sent change.
func (s *Server) patchService(w http.ResponseWriter, r *http.Request) {
	p, ok := s.readPatch(w, r, "Services")
	if !ok {
		return
	}
	b, id, logged, refuse := p.body, p.id, p.logged, p.refuse
	hidden := s.costsHidden()
	var price, cost *float64
	for k, v := range b {
		switch strings.ToLower(k) {
		case "id":
		case "unitprice", "unitcost":
			var f float64
			if json.Unmarshal(v, &f) != nil {
				refuse(fmt.Sprintf("%s: the value %s is not a valid Decimal.", k, v))
				return
			}
			if strings.EqualFold(k, "unitprice") {
				price = &f
			} else {
				cost = &f
			}
		default:
			// Other writable fields are accepted and kept as they are: TrueUp sends none.
		}
	}
	if f, hit := s.takeWriteFault(r, FailBeforeApply); hit {
		logged.Status = f.Status
		s.logWrite(logged)
		s.writeFault(w, f)
		return
	}
	s.mu.Lock()
	t := s.table(EntityServices)
	row := t.find(id)
	if row == nil {
		s.mu.Unlock()
		refuse("Value does not reference an existing entity for id.")
		return
	}
	sv := row.v.(*Service)
	if price != nil {
		sv.UnitPrice = *price
	}
	if cost != nil && !hidden {
		sv.UnitCost = *cost
	}
	sv.LastModifiedDate = Stamp(s.now())
	row.sync(t)
	s.mu.Unlock()
	s.answerWrite(w, r, logged, []byte(fmt.Sprintf(`{"itemId":%d}`, id)))
}

// maxInvoiceDescription is the length TrueUp keeps a contract service's invoiceDescription
// to (reconcile.InvoiceFieldOf); the simulator refuses longer text as Autotask refuses text
// over a field's size.
const maxInvoiceDescription = 1000

// patchContractService is PATCH ContractServices: the id in the body; on update only
// adjustedPrice and invoiceDescription are writable (ContractServicesEntity: "On Update(),
// all fields are Read-Only except for adjustedPrice and invoiceDescription"), so any other
// field is refused with Autotask's error envelope.
func (s *Server) patchContractService(w http.ResponseWriter, r *http.Request) {
	p, ok := s.readPatch(w, r, "ContractServices")
	if !ok {
		return
	}
	b, id, logged, refuse := p.body, p.id, p.logged, p.refuse
	var desc *string
	var price *float64
	for k, v := range b {
		switch strings.ToLower(k) {
		case "id":
		case "invoicedescription":
			var t string
			if json.Unmarshal(v, &t) != nil {
				refuse(fmt.Sprintf("%s: the value %s is not a valid String.", k, v))
				return
			}
			if utf8.RuneCountInString(t) > maxInvoiceDescription {
				refuse(fmt.Sprintf("invoiceDescription: the value is longer than the %d characters the field holds.", maxInvoiceDescription))
				return
			}
			desc = &t
		case "adjustedprice":
			var f float64
			if json.Unmarshal(v, &f) != nil {
				refuse(fmt.Sprintf("%s: the value %s is not a valid Decimal.", k, v))
				return
			}
			price = &f
		default:
			refuse(fmt.Sprintf("%s: the field is read-only on update.", k))
			return
		}
	}
	if f, hit := s.takeWriteFault(r, FailBeforeApply); hit {
		logged.Status = f.Status
		s.logWrite(logged)
		s.writeFault(w, f)
		return
	}
	s.mu.Lock()
	t := s.table(EntityContractServices)
	row := t.find(id)
	if row == nil {
		s.mu.Unlock()
		refuse("Value does not reference an existing entity for id.")
		return
	}
	cs := row.v.(*ContractService)
	if desc != nil {
		cs.InvoiceDescription = *desc
	}
	if price != nil {
		cs.AdjustedPrice, cs.InternalCurrencyAdjustedPrice = *price, *price
	}
	row.sync(t)
	s.mu.Unlock()
	s.answerWrite(w, r, logged, []byte(fmt.Sprintf(`{"itemId":%d}`, id)))
}

// ContractService returns a copy of a contract service as the database holds it now.
func (s *Server) ContractService(id int) (ContractService, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	row := s.table(EntityContractServices).find(id)
	if row == nil {
		return ContractService{}, false
	}
	return *row.v.(*ContractService), true
}

// Service returns a copy of a catalog service as the database holds it now.
func (s *Server) Service(id int) (Service, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	row := s.table(EntityServices).find(id)
	if row == nil {
		return Service{}, false
	}
	return *row.v.(*Service), true
}

// ContractServiceOf finds the contract service of a service on a contract (0 when none).
func (s *Server) ContractServiceOf(contractID, serviceID int) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, row := range s.table(EntityContractServices).rows {
		if x := row.v.(*ContractService); x.ContractID == contractID && x.ServiceID == serviceID {
			return x.ID
		}
	}
	return 0
}

func entityID(n json.Number) (int, error) {
	id, err := strconv.Atoi(n.String())
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("the value %q is not a valid entity id", n)
	}
	return id, nil
}
