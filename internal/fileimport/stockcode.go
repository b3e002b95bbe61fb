package fileimport

import "strings"

// StockCode is a Dicker Data / Microsoft NCE stock code decoded: "P1Y:CFQ7TTC0LH04:0001"
// is a one-year term billed yearly, "P1Y:...:M" or a trailing "P1M" a one-year term billed
// monthly, "P1M:..." a monthly term.
type StockCode struct {
	Term             string // "P1Y", "P1M", "P3Y"; empty when the code carries none
	BillingFrequency string // "annual", "monthly", "triennial"; empty when unknown
	ProductID        string // the Microsoft product id (CFQ7TTC0LH04), else the whole code
	SKU              string // the SKU part (0001), when present
}

// DecodeStockCode reads a stock code; codes without a term (Azure usage, hardware) come
// back with the whole code as the product id and no term.
func DecodeStockCode(code string) StockCode {
	code = strings.TrimSpace(code)
	parts := strings.Split(code, ":")
	term := strings.ToUpper(parts[0])
	if len(parts) < 2 || !isTerm(term) {
		return StockCode{ProductID: code}
	}
	sc := StockCode{Term: term, ProductID: parts[1], BillingFrequency: frequencyOf(term)}
	if len(parts) > 2 {
		sc.SKU = parts[2]
	}
	// A billing plan after the SKU ("...:0001:M", "...:P1M") overrides the term's own.
	if len(parts) > 3 {
		switch strings.ToUpper(parts[3]) {
		case "M", "P1M", "MONTHLY":
			sc.BillingFrequency = "monthly"
		case "Y", "A", "P1Y", "ANNUAL":
			sc.BillingFrequency = "annual"
		}
	}
	return sc
}

func isTerm(s string) bool {
	return len(s) == 3 && s[0] == 'P' && s[1] >= '1' && s[1] <= '9' && (s[2] == 'Y' || s[2] == 'M')
}

func frequencyOf(term string) string {
	switch term {
	case "P1M":
		return "monthly"
	case "P1Y":
		return "annual"
	case "P3Y":
		return "triennial"
	}
	return ""
}
