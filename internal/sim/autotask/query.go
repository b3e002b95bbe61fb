package autotask

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// pageSize is the documented maximum of records per page.
const pageSize = 500

// search is a query's body (POST) or its search parameter (GET), as documented.
type search struct {
	Filter        []condition `json:"filter"`
	IncludeFields []string    `json:"IncludeFields"`
	MaxRecords    int         `json:"MaxRecords"`
}

// cursor is the position a next-page url carries.
type cursor struct {
	After int `json:"after"` // the last id of the previous page
	Page  int `json:"page"`  // the number of the next page, from 2
}

func (s *Server) query(w http.ResponseWriter, r *http.Request) {
	var raw []byte
	if r.Method == http.MethodPost {
		b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			writeError(w, http.StatusBadRequest, "The request body could not be read.")
			return
		}
		raw = b
	} else {
		raw = []byte(r.URL.Query().Get("search"))
	}
	s.answer(w, r, raw, cursor{Page: 1})
}

func (s *Server) queryNext(w http.ResponseWriter, r *http.Request) {
	b, err := base64.RawURLEncoding.DecodeString(r.URL.Query().Get("paging"))
	var c cursor
	if err != nil || json.Unmarshal(b, &c) != nil || c.Page < 2 {
		writeError(w, http.StatusInternalServerError, "The paging parameter is not valid.")
		return
	}
	s.answer(w, r, []byte(r.URL.Query().Get("search")), c)
}

func (s *Server) answer(w http.ResponseWriter, r *http.Request, raw []byte, at cursor) {
	t := s.table(r.PathValue("entity"))
	if t == nil {
		writeError(w, http.StatusNotFound, fmt.Sprintf("The entity %s does not exist.", r.PathValue("entity")))
		return
	}
	var q search
	if err := json.Unmarshal(raw, &q); err != nil {
		writeError(w, http.StatusInternalServerError, "The search object is not valid JSON: "+err.Error())
		return
	}
	if len(q.Filter) == 0 {
		writeError(w, http.StatusInternalServerError, "A filter is required: query with at least one filter condition, e.g. {\"op\":\"gte\",\"field\":\"id\",\"value\":0}.")
		return
	}
	if err := check(t, q.Filter); err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	size := pageSize
	if q.MaxRecords > 0 && q.MaxRecords < size {
		size = q.MaxRecords
	}
	var include map[string]bool
	if len(q.IncludeFields) > 0 {
		include = map[string]bool{}
		for _, f := range q.IncludeFields {
			lf := strings.ToLower(f)
			if _, ok := t.index[lf]; !ok {
				writeError(w, http.StatusInternalServerError, fmt.Sprintf("Unable to find %s in the %s entity.", f, t.name))
				return
			}
			include[lf] = true
		}
	}

	s.mu.RLock()
	var page []*row
	more := false
	for _, rw := range t.rows {
		if rw.id <= at.After || !t.matches(rw, q.Filter) {
			continue
		}
		if len(page) == size {
			more = true
			break
		}
		page = append(page, rw)
	}
	if more && include != nil && !include["id"] {
		s.mu.RUnlock()
		writeError(w, http.StatusInternalServerError, "IncludeFields must contain id when the result has more than one page.")
		return
	}
	bufSize := 256
	for _, rw := range page {
		bufSize += len(rw.raw) + 1
	}
	var buf bytes.Buffer
	buf.Grow(bufSize)
	buf.WriteString(`{"items":[`)
	for i, rw := range page {
		if i > 0 {
			buf.WriteByte(',')
		}
		t.render(&buf, rw, include)
	}
	s.mu.RUnlock()

	next, prev := "null", "null"
	base := s.zoneURLFor(r) + "V1.0/" + t.name + "/query/next?"
	searchParam := url.QueryEscape(string(raw))
	if more {
		tok, _ := json.Marshal(cursor{After: page[len(page)-1].id, Page: at.Page + 1})
		u := base + "paging=" + base64.RawURLEncoding.EncodeToString(tok) + "&search=" + searchParam
		next = strconv.Quote(u)
	}
	if at.Page > 1 {
		// Autotask's prevPageUrl leads back; TrueUp never follows it, so it only has to exist.
		tok, _ := json.Marshal(cursor{After: 0, Page: at.Page - 1})
		prev = strconv.Quote(base + "paging=" + base64.RawURLEncoding.EncodeToString(tok) + "&search=" + searchParam)
	}
	fmt.Fprintf(&buf, `],"pageDetails":{"count":%d,"requestCount":%d,"prevPageUrl":%s,"nextPageUrl":%s}}`, len(page), size, prev, next)
	writeBody(w, buf.Bytes())
}

// one answers GET /V1.0/{Entity}/{id}: {"item": {...}}, or {"item": null} when it does not
// exist (as Autotask answers).
func (s *Server) one(w http.ResponseWriter, r *http.Request) {
	t := s.table(r.PathValue("entity"))
	if t == nil {
		writeError(w, http.StatusNotFound, fmt.Sprintf("The entity %s does not exist.", r.PathValue("entity")))
		return
	}
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		writeError(w, http.StatusInternalServerError, fmt.Sprintf("%q is not a valid id.", r.PathValue("id")))
		return
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	rw := t.find(id)
	if rw == nil {
		writeBody(w, []byte(`{"item":null}`))
		return
	}
	var buf bytes.Buffer
	buf.WriteString(`{"item":`)
	t.render(&buf, rw, nil)
	buf.WriteString(`}`)
	writeBody(w, buf.Bytes())
}
