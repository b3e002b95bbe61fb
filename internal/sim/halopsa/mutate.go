package halopsa

import (
	"fmt"
	"slices"
)

// The mutations below change the instance the way an agent would in Halo's web app, for
// tests and the demo. Halo stamps last_modified on headers it changes.

// SetLineQuantity sets qty_order of recurring invoice line lineID.
func (s *Server) SetLineQuantity(lineID int, qty float64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.data.Invoices {
		inv := &s.data.Invoices[i]
		for k := range inv.Lines {
			if inv.Lines[k].ID == lineID {
				inv.Lines[k].QtyOrder = qty
				inv.Lines[k].NetAmount = qty * inv.Lines[k].UnitPrice
				inv.LastModified = haloStamp(s.now())
				return nil
			}
		}
	}
	return fmt.Errorf("halopsa sim: no recurring invoice line %d", lineID)
}

// DeleteLine removes recurring invoice line lineID.
func (s *Server) DeleteLine(lineID int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.data.Invoices {
		inv := &s.data.Invoices[i]
		if k := slices.IndexFunc(inv.Lines, func(l InvoiceLine) bool { return l.ID == lineID }); k >= 0 {
			inv.Lines = slices.Delete(inv.Lines, k, k+1)
			inv.LastModified = haloStamp(s.now())
			return nil
		}
	}
	return fmt.Errorf("halopsa sim: no recurring invoice line %d", lineID)
}

// DeleteInvoice removes recurring invoice id with its lines.
func (s *Server) DeleteInvoice(id int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := slices.IndexFunc(s.data.Invoices, func(inv RecurringInvoice) bool { return inv.ID == id })
	if k < 0 {
		return fmt.Errorf("halopsa sim: no recurring invoice %d", id)
	}
	s.data.Invoices = slices.Delete(s.data.Invoices, k, k+1)
	return nil
}

// SetInvoiceDisabled sets the disabled flag of recurring invoice id.
func (s *Server) SetInvoiceDisabled(id int, disabled bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.data.Invoices {
		if s.data.Invoices[i].ID == id {
			s.data.Invoices[i].Disabled = disabled
			s.data.Invoices[i].LastModified = haloStamp(s.now())
			return nil
		}
	}
	return fmt.Errorf("halopsa sim: no recurring invoice %d", id)
}

// RenameClient changes a client's name.
func (s *Server) RenameClient(id int, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.data.Clients {
		if s.data.Clients[i].ID == id {
			s.data.Clients[i].Name = name
			return nil
		}
	}
	return fmt.Errorf("halopsa sim: no client %d", id)
}

// DeleteClient removes a client (Halo keeps no deleted clients in its lists).
func (s *Server) DeleteClient(id int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := slices.IndexFunc(s.data.Clients, func(c Client) bool { return c.ID == id })
	if k < 0 {
		return fmt.Errorf("halopsa sim: no client %d", id)
	}
	s.data.Clients = slices.Delete(s.data.Clients, k, k+1)
	return nil
}
