package pax8

import (
	"fmt"
	"slices"
)

// The mutations below change the tenant the way changes made in the Pax8 portal would:
// every change bumps updatedDate to Options.Now().

// TouchSubscription bumps a subscription's updatedDate without changing anything else.
func (s *Server) TouchSubscription(id string) error {
	return s.updateSubscription(id, func(*Subscription) {})
}

// SetQuantity changes a subscription's quantity.
func (s *Server) SetQuantity(subID string, q float64) error {
	return s.updateSubscription(subID, func(sub *Subscription) { sub.Quantity = q })
}

// CancelSubscription cancels a subscription as of now; it stays listed with status Cancelled.
func (s *Server) CancelSubscription(id string) error {
	return s.updateSubscription(id, func(sub *Subscription) {
		sub.Status = "Cancelled"
		sub.EndDate = s.now()
	})
}

// DeleteSubscription removes a subscription: it disappears from every listing.
func (s *Server) DeleteSubscription(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.data.Subscriptions, func(x Subscription) bool { return x.ID == id })
	if i < 0 {
		return fmt.Errorf("pax8 simulator: no subscription %q", id)
	}
	s.data.Subscriptions = slices.Delete(s.data.Subscriptions, i, i+1)
	return nil
}

// DeleteCompany deletes a company the way Pax8 does: it stays listed with status Deleted,
// and its subscriptions that were not cancelled yet are cancelled.
func (s *Server) DeleteCompany(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.data.Companies, func(c Company) bool { return c.ID == id })
	if i < 0 {
		return fmt.Errorf("pax8 simulator: no company %q", id)
	}
	now := s.now()
	s.data.Companies[i].Status = "Deleted"
	s.data.Companies[i].UpdatedDate = now
	for j := range s.data.Subscriptions {
		sub := &s.data.Subscriptions[j]
		if sub.CompanyID == id && sub.Status != "Cancelled" {
			sub.Status = "Cancelled"
			sub.EndDate = now
			sub.UpdatedDate = now
		}
	}
	return nil
}

func (s *Server) updateSubscription(id string, change func(*Subscription)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.data.Subscriptions, func(x Subscription) bool { return x.ID == id })
	if i < 0 {
		return fmt.Errorf("pax8 simulator: no subscription %q", id)
	}
	sub := &s.data.Subscriptions[i]
	change(sub)
	sub.UpdatedDate = s.now()
	return nil
}
