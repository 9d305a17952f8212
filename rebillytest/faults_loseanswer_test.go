package rebillytest_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// TestFaultLoseAnswer: the fake acts on the request, logs the answer it
// would have sent, and closes the connection instead of sending it.
func TestFaultLoseAnswer(t *testing.T) {
	srv, _ := faultServer(t,
		rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_2"}),
		rebillytest.WithFault(rebillytest.Fault{Method: "DELETE", LoseAnswer: true, Times: 1}))
	resp, err := srv.Client(rebilly.WithMaxRetries(0)).Customers.MergeDelete(context.Background(), "cus_1", "cus_2")
	var reqErr *rebilly.RequestError
	require.ErrorAs(t, err, &reqErr, "no answer came")
	assert.Nil(t, resp)

	_, exists := srv.Customer("cus_1")
	assert.False(t, exists, "the fake merged cus_1 away before losing the answer")
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, http.StatusNoContent, reqs[0].Status, "the log shows the answer that was lost")
	assert.True(t, reqs[0].Fault)
}

// TestFaultLoseAnswerThenRetry: the SDK's retry finds the customer gone;
// the merge did what was asked, after a lost answer.
func TestFaultLoseAnswerThenRetry(t *testing.T) {
	srv, _ := faultServer(t,
		rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_2"}),
		rebillytest.WithFault(rebillytest.Fault{Method: "DELETE", LoseAnswer: true, Times: 1}))
	resp, err := srv.Client().Customers.MergeDelete(context.Background(), "cus_1", "cus_2")
	require.NoError(t, err)
	assert.True(t, resp.AfterLostAnswer)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Equal(t, []int{http.StatusNoContent, http.StatusNotFound}, statuses(srv))
}

func TestFaultLoseAnswerCannotBeCombined(t *testing.T) {
	srv, _ := faultServer(t)
	for name, f := range map[string]rebillytest.Fault{
		"Status":         {LoseAnswer: true, Status: 500},
		"HTMLErrorPage":  {LoseAnswer: true, HTMLErrorPage: true},
		"DropConnection": {LoseAnswer: true, DropConnection: true},
		"TruncateBody":   {LoseAnswer: true, TruncateBody: true},
	} {
		assert.PanicsWithValue(t, "rebillytest: AddFault: fault LoseAnswer handles the request: it cannot be combined with Status, HTMLErrorPage, DropConnection or TruncateBody",
			func() { srv.AddFault(f) }, name)
	}
	assert.NotPanics(t, func() { srv.AddFault(rebillytest.Fault{LoseAnswer: true}) }, "LoseAnswer alone does something")
}
