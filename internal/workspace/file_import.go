package workspace

import (
	"path/filepath"
	"strconv"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/store"
)

// fileImportStatus fills the file columns of a csv integration's status row from the
// settings `trueup import` stores after a file's lines were stored (file, file_rows,
// imported_at); before the first import they stay empty.
func fileImportStatus(st *IntegrationStatus, in store.Integration) {
	if connector.Kind(in.Kind) != connector.KindCSV || in.Settings["imported_at"] == "" {
		return
	}
	st.FileName = filepath.Base(in.Settings["file"])
	st.FileRows, _ = strconv.Atoi(in.Settings["file_rows"]) // written by the import as digits
	st.ImportedAt = in.Settings["imported_at"]
}
