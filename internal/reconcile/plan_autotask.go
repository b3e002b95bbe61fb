package reconcile

import "fmt"

// Autotask plans: filled in by the Autotask push (issue 8). Until then every approval on an
// Autotask card says so, and nothing is queued.

func buildAutotaskPlan(r PlanRequest) (Plan, error) {
	return Plan{}, fmt.Errorf("card %s: TrueUp does not push to Autotask in this build: change the contract service's units in Autotask", r.Card.ID)
}

func planAutotaskCost(row CostRow) (Plan, error) {
	return Plan{}, fmt.Errorf("service %s: TrueUp does not push costs to Autotask in this build: change the unit cost in Autotask", row.ProductID)
}

func revertAutotask(w Write, _ string, _ Date) (Write, error) {
	return Write{}, fmt.Errorf("push %s: TrueUp does not revert Autotask pushes in this build: counter-adjust the units in Autotask", w.Key)
}
