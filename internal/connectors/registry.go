// Package connectors lists the connector kinds this build of TrueUp ships, explicitly
// (no init-time registration), so tests and the app see the same set.
package connectors

import (
	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors/autotask"
	"github.com/trueup/trueup/internal/connectors/connectwise"
	"github.com/trueup/trueup/internal/connectors/csvfile"
	"github.com/trueup/trueup/internal/connectors/halopsa"
	"github.com/trueup/trueup/internal/connectors/microsoft"
	"github.com/trueup/trueup/internal/connectors/pax8"
)

// Registry returns every shipped connector kind.
func Registry() *connector.Registry {
	return connector.NewRegistry(connectwise.Factory(), autotask.Factory(), halopsa.Factory(), pax8.Factory(), microsoft.Factory(), csvfile.Factory())
}
