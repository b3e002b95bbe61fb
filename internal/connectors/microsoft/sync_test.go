package microsoft

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	simms "github.com/trueup/trueup/internal/sim/microsoft"
)

// dataset is n customers with one active annual subscription each.
func dataset(n int) simms.Dataset {
	var ds simms.Dataset
	for i := range n {
		id := fmt.Sprintf("cust-%03d", i)
		ds.Customers = append(ds.Customers, simms.Customer{ID: id, CompanyName: fmt.Sprintf("Customer %03d", i)})
		ds.Subscriptions = append(ds.Subscriptions, simms.Subscription{ID: "sub-" + id, CustomerID: id,
			OfferID: "CFQ7TTC0LH18:0001", OfferName: "Microsoft 365 Business Basic", Quantity: i + 1, Status: "active",
			EffectiveStartDate: "2026-01-01T00:00:00Z", CommitmentEndDate: "2026-12-31T00:00:00Z",
			TermDuration: "P1Y", BillingCycle: "monthly", AutoRenewEnabled: true})
	}
	return ds
}

func TestCustomersPagingFollowsContinuationTokensToTheLastPage(t *testing.T) {
	for _, n := range []int{0, 1, 4, 5, 6, 10, 11} {
		t.Run(fmt.Sprint(n, " customers, pages of 5"), func(t *testing.T) {
			srv, base := startSim(t, dataset(n), simms.Options{PageSize: 5})
			rec := &connectortest.Recorder{}
			require.NoError(t, newConn(t, base, simms.DemoCredentials(), srv.RefreshToken(), nil).Sync(t.Context(), full(), rec))
			assert.Len(t, rec.Accounts, n)
			assert.Len(t, rec.Subscriptions, n)
			assert.Empty(t, rec.Failures)
			assert.Zero(t, srv.MissingIDs(), "every API request carries MS-RequestId and MS-CorrelationId")
		})
	}
}

func TestEveryRedemptionStoresTheNewRefreshTokenAndTheOldOneIsRefused(t *testing.T) {
	srv, base := startSim(t, dataset(2), simms.Options{})
	first := simms.DemoCredentials().RefreshToken
	kc := &keychain{}
	require.NoError(t, newConn(t, base, simms.DemoCredentials(), first, kc).Test(t.Context()))
	second := kc.last(SecretRefreshToken)
	require.NotEmpty(t, second, "the connection test stored the rotated refresh token")
	assert.Equal(t, srv.RefreshToken(), second)

	require.NoError(t, newConn(t, base, simms.DemoCredentials(), second, kc).Sync(t.Context(), full(), &connectortest.Recorder{}))
	assert.Equal(t, srv.RefreshToken(), kc.last(SecretRefreshToken))
	assert.NotEqual(t, second, kc.last(SecretRefreshToken))

	err := newConn(t, base, simms.DemoCredentials(), first, nil).Test(t.Context())
	var ae *connector.AuthError
	require.ErrorAs(t, err, &ae, "Entra refuses a replaced refresh token")
	assert.Contains(t, connector.UserMessage(err), "Secure Application Model consent")
}

func TestOneConnectorRedeemsOnceAndPresentsOnlyTheNewestRefreshToken(t *testing.T) {
	srv, base := startSim(t, dataset(12), simms.Options{})
	kc := &keychain{}
	c := newConn(t, base, simms.DemoCredentials(), simms.DemoCredentials().RefreshToken, kc)
	// The connector's clock moves two hours at every look, so each access token is stale by
	// the next request and every request redeems the refresh token again, concurrently:
	// each redemption must present the token the previous one returned.
	var mu sync.Mutex
	clock := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	c.now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(2 * time.Hour)
		return clock
	}
	require.NoError(t, c.Sync(t.Context(), full(), &connectortest.Recorder{}))
	assert.Equal(t, srv.RefreshToken(), kc.last(SecretRefreshToken))
	assert.Greater(t, len(kc.saved[SecretRefreshToken]), 10)
}

func TestAKeychainThatCannotStoreTheNewRefreshTokenFailsTheRun(t *testing.T) {
	_, base := startSim(t, dataset(1), simms.Options{})
	kc := &keychain{fail: errors.New("the keychain is locked")}
	err := newConn(t, base, simms.DemoCredentials(), simms.DemoCredentials().RefreshToken, kc).Sync(t.Context(), full(), &connectortest.Recorder{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "could not store it in the keychain")
}

func TestThrottledRequestsWaitForRetryAfter(t *testing.T) {
	srv, base := startSim(t, dataset(3), simms.Options{})
	srv.ThrottleNext(2, 7)
	waits := &connectortest.Waits{}
	c := newConn(t, base, simms.DemoCredentials(), srv.RefreshToken(), nil)
	c.sleep = waits.Sleep
	rec := &connectortest.Recorder{}
	require.NoError(t, c.Sync(t.Context(), full(), rec))
	assert.Len(t, rec.Subscriptions, 3)
	assert.Contains(t, waits.All(), 7*time.Second)
}

func TestBadAppSecretIsAnAuthError(t *testing.T) {
	srv, base := startSim(t, dataset(1), simms.Options{})
	creds := simms.DemoCredentials()
	creds.AppSecret = "not the secret"
	err := newConn(t, base, creds, srv.RefreshToken(), nil).Sync(t.Context(), full(), &connectortest.Recorder{})
	var ae *connector.AuthError
	require.ErrorAs(t, err, &ae)
	assert.NotContains(t, err.Error(), "not the secret")
}

func TestAnUnknownStatusIsKeptInactiveAndLoggedAsAWarning(t *testing.T) {
	ds := dataset(2)
	ds.Subscriptions[1].Status = "pendingRenewal"
	srv, base := startSim(t, ds, simms.Options{})
	rec := &connectortest.Recorder{}
	require.NoError(t, newConn(t, base, simms.DemoCredentials(), srv.RefreshToken(), nil).Sync(t.Context(), full(), rec))
	require.Len(t, rec.Subscriptions, 2)
	byID := map[string]connector.Subscription{}
	for _, s := range rec.Subscriptions {
		byID[s.ID] = s
	}
	assert.True(t, byID["sub-cust-000"].Active)
	odd := byID["sub-cust-001"]
	assert.False(t, odd.Active)
	assert.Equal(t, "pendingRenewal", odd.Status)
	assert.Empty(t, rec.Failures, "an unknown status is not a failed section")
	var warned bool
	for _, l := range rec.Logs {
		warned = warned || (l.Level == connector.LevelWarn && strings.Contains(l.Text, `"pendingRenewal"`))
	}
	assert.True(t, warned, "the unknown status is a warning in the log")
}

func TestSubscriptionFieldsAreMapped(t *testing.T) {
	ds := dataset(1)
	ds.Subscriptions[0].RefundableQuantity = &simms.RefundableQuantity{TotalQuantity: 1, Details: []simms.RefundableDetails{{Quantity: 1, AllowedUntilDateTime: "2026-01-08T10:00:00Z"}}}
	ds.Subscriptions[0].CancellationAllowedUntilDate = "2026-01-08T10:00:00.0000000Z"
	ds.Subscriptions = append(ds.Subscriptions, simms.Subscription{ID: "addon-000", CustomerID: "cust-000", ParentSubscriptionID: ds.Subscriptions[0].ID,
		OfferID: "CFQ7TTC0ADDON:0001", OfferName: "Teams Phone Standard", Quantity: 2, Status: "active", TermDuration: "P1Y", BillingCycle: "monthly"})
	srv, base := startSim(t, ds, simms.Options{})
	rec := &connectortest.Recorder{}
	require.NoError(t, newConn(t, base, simms.DemoCredentials(), srv.RefreshToken(), nil).Sync(t.Context(), full(), rec))
	require.Len(t, rec.Subscriptions, 2)
	byID := map[string]connector.Subscription{}
	for _, s := range rec.Subscriptions {
		byID[s.ID] = s
	}
	addon := byID["addon-000"]
	require.NotNil(t, addon.NCE)
	assert.Equal(t, ds.Subscriptions[0].ID, addon.NCE.ParentSubscriptionID, "an add-on names its parent")
	assert.False(t, addon.NCE.AutoRenew)
	assert.Equal(t, "Teams Phone Standard", addon.ProductName, "an add-on is a line of its own")
	s := byID[ds.Subscriptions[0].ID]
	assert.Equal(t, "cust-000", s.AccountID)
	assert.Equal(t, "CFQ7TTC0LH18:0001", s.ProductID)
	assert.Equal(t, "Microsoft 365 Business Basic", s.ProductName)
	assert.Equal(t, "P1Y", s.BillingTerm)
	assert.Equal(t, "monthly", s.BillingFrequency)
	assert.Equal(t, "2026-01-01", s.StartDate)
	assert.Equal(t, "2026-12-31", s.EndDate, "the commitment end date, inclusive, as a day")
	assert.Contains(t, string(s.Raw), `"refundableQuantity"`, "the NCE fields stay in the raw record")
	require.NotNil(t, s.NCE, "a Partner Center subscription carries its commitment term")
	assert.True(t, s.NCE.AutoRenew)
	assert.Empty(t, s.NCE.ParentSubscriptionID)
	assert.Equal(t, []connector.RefundableSeats{{Quantity: 1, Until: time.Date(2026, 1, 8, 10, 0, 0, 0, time.UTC)}}, s.NCE.Refundable)
	assert.Equal(t, time.Date(2026, 1, 8, 10, 0, 0, 0, time.UTC), s.NCE.CancellationAllowedUntil)
	require.Len(t, rec.Products, 2)
	assert.Equal(t, "Microsoft", rec.Products[0].Vendor)
}

func TestUnreachablePartnerCenterFailsTheRun(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := "http://" + l.Addr().String()
	require.NoError(t, l.Close())
	c := newConn(t, addr, simms.DemoCredentials(), "rt", nil)
	err = c.Sync(t.Context(), full(), &connectortest.Recorder{})
	require.Error(t, err)
	assert.True(t, connector.IsTransient(err) || strings.Contains(err.Error(), "refused"), "got %v", err)
}

func TestTheMinuteBudgetHoldsTheFiveHundredAndFirstRequest(t *testing.T) {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	b := newMinuteBudget(500, func() time.Time { return now })
	var waited []time.Duration
	b.sleep = func(ctx context.Context, d time.Duration) error {
		waited = append(waited, d)
		now = now.Add(d)
		return nil
	}
	for range 500 {
		require.NoError(t, b.take(t.Context()))
		now = now.Add(time.Millisecond)
	}
	assert.Empty(t, waited)
	require.NoError(t, b.take(t.Context()))
	require.Len(t, waited, 1)
	assert.Equal(t, time.Minute-500*time.Millisecond, waited[0], "the 501st waits until the first is a minute old")

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	b.sleep = sleepCtx
	for b.take(ctx) == nil {
	}
	assert.ErrorIs(t, b.take(ctx), context.Canceled)
}

func TestACustomerWhoseSubscriptionsFailIsAFailedSectionAndTheRunGoesOn(t *testing.T) {
	srv, base := startSim(t, dataset(3), simms.Options{})
	srv.BreakSubscriptions("cust-001", 500)
	rec := &connectortest.Recorder{}
	require.NoError(t, newConn(t, base, simms.DemoCredentials(), srv.RefreshToken(), nil).Sync(t.Context(), full(), rec))
	assert.Len(t, rec.Subscriptions, 2)
	require.Len(t, rec.Failures, 1)
	assert.Equal(t, connector.Scope{Entity: connector.EntitySubscriptions, ParentID: "cust-001"}, rec.Failures[0].Scope)
	assert.Contains(t, rec.Failures[0].Err.Error(), "Customer 001")
	assert.NotContains(t, rec.Completed, connector.Scope{Entity: connector.EntityProducts},
		"an offer only the failed customer holds must not vanish from the cache")
}

func TestRetriesOfOneCallKeepItsRequestID(t *testing.T) {
	srv, base := startSim(t, dataset(1), simms.Options{})
	srv.ThrottleNext(2, 1)
	require.NoError(t, newConn(t, base, simms.DemoCredentials(), srv.RefreshToken(), nil).Sync(t.Context(), full(), &connectortest.Recorder{}))
	uses := 0
	for _, id := range srv.RequestIDs() {
		uses = max(uses, srv.RequestIDUses(id))
	}
	assert.Equal(t, 3, uses, "the throttled call and its two retries carry one MS-RequestId")
	assert.Len(t, srv.RequestIDs(), 2, "two calls: the customers page and the subscriptions list")
}
