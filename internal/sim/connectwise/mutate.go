package connectwise

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/trueup/trueup/internal/sim"
)

// Mutations change the tenant the way users of ConnectWise would, bumping
// _info.lastUpdated (to Options.Now) exactly where the real API does: editing an addition
// changes the addition's stamp, not its agreement's.

func (s *Server) now() time.Time { return s.opts.Now().UTC().Truncate(time.Second) }

func touch(i *Info, at time.Time) {
	i.LastUpdated = at
	i.UpdatedBy = "simuser"
}

// TouchCompany marks company id as edited now.
func (s *Server) TouchCompany(id int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.touchCompany(id, s.now())
}

func (s *Server) touchCompany(id int, at time.Time) error {
	c, ok := s.company[id]
	if !ok {
		return fmt.Errorf("connectwise sim: no company %d", id)
	}
	touch(&c.Info, at)
	find(s.companies, id).raw = mustJSON(c)
	return nil
}

// TouchAgreement marks agreement id as edited now.
func (s *Server) TouchAgreement(id int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.touchAgreement(id, s.now())
}

func (s *Server) touchAgreement(id int, at time.Time) error {
	a, ok := s.agreement[id]
	if !ok {
		return fmt.Errorf("connectwise sim: no agreement %d", id)
	}
	touch(&a.Info, at)
	find(s.agreements, id).raw = mustJSON(a)
	return nil
}

// SetCatalogPrice changes the price of catalog item id, as an edit in the product catalog
// does (the item's stamp moves; additions keep their own unit price).
func (s *Server) SetCatalogPrice(id int, price float64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.item[id]
	if !ok {
		return fmt.Errorf("connectwise sim: no catalog item %d", id)
	}
	c.Price = price
	touch(&c.Info, s.now())
	find(s.catalog, id).raw = mustJSON(c)
	return nil
}

// DeleteCompany removes company id together with its agreements and their additions.
func (s *Server) DeleteCompany(id int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.company[id]; !ok {
		return fmt.Errorf("connectwise sim: no company %d", id)
	}
	delete(s.company, id)
	s.companies = removeRecord(s.companies, id)
	for agID, a := range s.agreement {
		if a.Company.ID == id {
			s.deleteAgreement(agID)
		}
	}
	return nil
}

// DeleteAgreement removes agreement id and its additions.
func (s *Server) DeleteAgreement(id int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.agreement[id]; !ok {
		return fmt.Errorf("connectwise sim: no agreement %d", id)
	}
	s.deleteAgreement(id)
	return nil
}

func (s *Server) deleteAgreement(id int) {
	delete(s.agreement, id)
	s.agreements = removeRecord(s.agreements, id)
	for _, r := range s.additions[id] {
		delete(s.addition, r.id)
	}
	delete(s.additions, id)
}

// DeleteAddition removes one addition of an agreement.
func (s *Server) DeleteAddition(agreementID, additionID int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.addition[additionID]
	if !ok || a.AgreementID != agreementID {
		return fmt.Errorf("connectwise sim: agreement %d has no addition %d", agreementID, additionID)
	}
	delete(s.addition, additionID)
	s.additions[agreementID] = removeRecord(s.additions[agreementID], additionID)
	return nil
}

func removeRecord(rows []*record, id int) []*record {
	i, ok := slices.BinarySearchFunc(rows, id, func(r *record, id int) int { return r.id - id })
	if !ok {
		return rows
	}
	return slices.Delete(rows, i, i+1)
}

// SetAdditionQuantity changes an addition's quantity, bumping only the addition's
// _info.lastUpdated (as the real API does: its agreement is not touched).
func (s *Server) SetAdditionQuantity(agreementID, additionID int, q float64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.addition[additionID]
	if !ok || a.AgreementID != agreementID {
		return fmt.Errorf("connectwise sim: agreement %d has no addition %d", agreementID, additionID)
	}
	a.Quantity, a.BilledQuantity = q, q
	a.ExtPrice = math.Round(q*a.UnitPrice*100) / 100
	a.ExtCost = math.Round(q*a.UnitCost*100) / 100
	touch(&a.Info, s.now())
	find(s.additions[agreementID], additionID).raw = mustJSON(a)
	return nil
}

// ChangeFraction touches about frac of the companies and of the agreements (at least one
// of each when frac > 0), chosen deterministically from seed, and returns their ids.
func (s *Server) ChangeFraction(frac float64, seed uint64) (companyIDs, agreementIDs []int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rng := sim.Rand(seed)
	at := s.now()
	pick := func(rows []*record) []int {
		n := int(math.Round(frac * float64(len(rows))))
		if frac > 0 && n == 0 && len(rows) > 0 {
			n = 1
		}
		n = min(n, len(rows))
		ids := make([]int, 0, n)
		for _, i := range rng.Perm(len(rows))[:n] {
			ids = append(ids, rows[i].id)
		}
		slices.Sort(ids)
		return ids
	}
	companyIDs = pick(s.companies)
	for _, id := range companyIDs {
		_ = s.touchCompany(id, at)
	}
	agreementIDs = pick(s.agreements)
	for _, id := range agreementIDs {
		_ = s.touchAgreement(id, at)
	}
	return companyIDs, agreementIDs
}

// CompanyIDs lists the company ids in id order (for tests and benchmarks).
func (s *Server) CompanyIDs() []int { return s.ids(func() []*record { return s.companies }) }

// AgreementIDs lists the agreement ids in id order.
func (s *Server) AgreementIDs() []int { return s.ids(func() []*record { return s.agreements }) }

// AdditionIDs lists the addition ids of an agreement in id order.
func (s *Server) AdditionIDs(agreementID int) []int {
	return s.ids(func() []*record { return s.additions[agreementID] })
}

func (s *Server) ids(rows func() []*record) []int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]int, 0, len(rows()))
	for _, r := range rows() {
		out = append(out, r.id)
	}
	return out
}
