package autotask

import (
	"fmt"
	"time"

	"github.com/trueup/trueup/internal/sim"
)

// ids lists an entity's ids in ascending order.
func (s *Server) ids(entity string) []int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.table(entity)
	out := make([]int, len(t.rows))
	for i, r := range t.rows {
		out[i] = r.id
	}
	return out
}

// CompanyIDs lists the company ids in ascending order.
func (s *Server) CompanyIDs() []int { return s.ids(EntityCompanies) }

// ContractIDs lists the contract ids in ascending order.
func (s *Server) ContractIDs() []int { return s.ids(EntityContracts) }

// ContractServiceIDs lists the contract service ids in ascending order.
func (s *Server) ContractServiceIDs() []int { return s.ids(EntityContractServices) }

// Now is the server's clock (Options.Now).
func (s *Server) Now() time.Time { return s.opts.Now() }

// now is the server's clock, truncated to milliseconds as Autotask stamps.
func (s *Server) now() time.Time { return s.opts.Now().UTC().Truncate(time.Millisecond) }

// update changes the typed record of entity id under the write lock and re-renders it.
func (s *Server) update(entity string, id int, fn func(v any)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.table(entity)
	r := t.find(id)
	if r == nil {
		return fmt.Errorf("autotask sim: %s %d does not exist", entity, id)
	}
	fn(r.v)
	r.sync(t)
	return nil
}

// TouchCompany renames nothing but bumps the company's lastTrackedModifiedDateTime, as an
// edit in Autotask does.
func (s *Server) TouchCompany(id int) error {
	at := Stamp(s.now())
	return s.update(EntityCompanies, id, func(v any) { v.(*Company).LastTrackedModifiedDateTime = at })
}

// SetCompany edits a company (the edit bumps its modified stamp).
func (s *Server) SetCompany(id int, edit func(*Company)) error {
	at := Stamp(s.now())
	return s.update(EntityCompanies, id, func(v any) {
		c := v.(*Company)
		edit(c)
		c.LastTrackedModifiedDateTime = at
	})
}

// SetContract edits a contract (the edit bumps its lastModifiedDateTime).
func (s *Server) SetContract(id int, edit func(*Contract)) error {
	at := Stamp(s.now())
	return s.update(EntityContracts, id, func(v any) {
		c := v.(*Contract)
		edit(c)
		c.LastModifiedDateTime = at
	})
}

// SetServiceUnits sets the units of every period of a contract service (a change that,
// as in Autotask, stamps nothing: ContractServices and their units have no modified date).
func (s *Server) SetServiceUnits(contractServiceID int, units float64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.table(EntityContractServiceUnits)
	found := false
	for _, r := range t.rows {
		u := r.v.(*ContractServiceUnit)
		if u.ContractServiceID == contractServiceID {
			u.Units = units
			r.sync(t)
			found = true
		}
	}
	if !found {
		return fmt.Errorf("autotask sim: contract service %d has no units", contractServiceID)
	}
	return nil
}

// DeleteContract deletes a contract with its services and their units (Autotask deletes
// a contract's children with it).
func (s *Server) DeleteContract(id int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.table(EntityContracts).remove(id) {
		return fmt.Errorf("autotask sim: contract %d does not exist", id)
	}
	for _, name := range []string{EntityContractServices, EntityContractServiceUnits} {
		t := s.table(name)
		kept := t.rows[:0]
		for _, r := range t.rows {
			if contractOf(r.v) != id {
				kept = append(kept, r)
			}
		}
		t.rows = kept
	}
	return nil
}

func contractOf(v any) int {
	switch x := v.(type) {
	case *ContractService:
		return x.ContractID
	case *ContractServiceUnit:
		return x.ContractID
	}
	return 0
}

// UnitPeriods lists the unit rows of a contract service, in id order (copies).
func (s *Server) UnitPeriods(contractServiceID int) []ContractServiceUnit {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []ContractServiceUnit
	for _, r := range s.table(EntityContractServiceUnits).rows {
		if u := r.v.(*ContractServiceUnit); u.ContractServiceID == contractServiceID {
			out = append(out, *u)
		}
	}
	return out
}

// UnitsOn is the units a contract service bills on date: those of the period covering it
// (of the latest-starting one, when an adjustment split a period), and false when no
// period covers the date.
func (s *Server) UnitsOn(contractServiceID int, date time.Time) (float64, bool) {
	day := Date(date)
	var best *ContractServiceUnit
	for _, u := range s.UnitPeriods(contractServiceID) {
		if u.StartDate <= day && day <= u.EndDate && (best == nil || u.StartDate > best.StartDate) {
			u := u
			best = &u
		}
	}
	if best == nil {
		return 0, false
	}
	return best.Units, true
}

// ChangeFraction edits about fraction of the companies and of the contracts (a stamp bump
// each), deterministically for seed, for QuickSync benchmarks.
func (s *Server) ChangeFraction(fraction float64, seed uint64) {
	rng := sim.Rand(seed)
	for _, id := range s.CompanyIDs() {
		if rng.Float64() < fraction {
			_ = s.TouchCompany(id)
		}
	}
	for _, id := range s.ContractIDs() {
		if rng.Float64() < fraction {
			_ = s.SetContract(id, func(*Contract) {})
		}
	}
}

// SetUnitsFrom sets the units of a contract service's periods that start on or after from
// (what a units change effective on from leaves in ContractServiceUnits when it falls on
// a period's first day).
func (s *Server) SetUnitsFrom(contractServiceID int, from time.Time, units float64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	day := Date(from)
	t := s.table(EntityContractServiceUnits)
	found := false
	for _, r := range t.rows {
		u := r.v.(*ContractServiceUnit)
		if u.ContractServiceID == contractServiceID && u.StartDate >= day {
			u.Units = units
			r.sync(t)
			found = true
		}
	}
	if !found {
		return fmt.Errorf("autotask sim: contract service %d has no period from %s", contractServiceID, day)
	}
	return nil
}
