package reconcile

import "fmt"

// HaloPSA plans: filled in by the HaloPSA push (issue 8). Until then every approval on a
// HaloPSA card says so, and nothing is queued.

func buildHaloPlan(r PlanRequest) (Plan, error) {
	return Plan{}, fmt.Errorf("card %s: TrueUp does not push to HaloPSA in this build: change the recurring invoice line in HaloPSA", r.Card.ID)
}

func planHaloCost(row CostRow) (Plan, error) {
	return Plan{}, fmt.Errorf("item %s: TrueUp does not push costs to HaloPSA in this build: change the item's cost in HaloPSA", row.ProductID)
}

func revertHalo(w Write, _ string, _ Date) (Write, error) {
	return Write{}, fmt.Errorf("push %s: TrueUp does not revert HaloPSA pushes in this build: change the line in HaloPSA", w.Key)
}
