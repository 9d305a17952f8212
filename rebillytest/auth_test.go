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

func TestAuthentication(t *testing.T) {
	srv := newServer(t, rebillytest.WithAPIKeys("sk_one", "sk_two"), rebillytest.WithJWTs("jwt-good"))

	for _, tc := range []struct {
		name   string
		header []string
		status int
	}{
		{"no credentials", []string{"REB-APIKEY", ""}, http.StatusUnauthorized},
		{"wrong key", []string{"REB-APIKEY", "sk_wrong"}, http.StatusUnauthorized},
		{"default key replaced", []string{"REB-APIKEY", rebillytest.DefaultAPIKey}, http.StatusUnauthorized},
		{"first key", []string{"REB-APIKEY", "sk_one"}, http.StatusOK},
		{"second key", []string{"REB-APIKEY", "sk_two"}, http.StatusOK},
		{"accepted JWT", []string{"REB-APIKEY", "", "Authorization", "Bearer jwt-good"}, http.StatusOK},
		{"bearer in lower case", []string{"REB-APIKEY", "", "Authorization", "bearer jwt-good"}, http.StatusOK},
		{"unknown JWT", []string{"REB-APIKEY", "", "Authorization", "Bearer jwt-bad"}, http.StatusUnauthorized},
		{"key as bearer", []string{"REB-APIKEY", "", "Authorization", "Bearer sk_one"}, http.StatusUnauthorized},
		{"basic auth", []string{"REB-APIKEY", "", "Authorization", "Basic c2tfb25lOg=="}, http.StatusUnauthorized},
		{"wrong key, good JWT", []string{"REB-APIKEY", "sk_wrong", "Authorization", "Bearer jwt-good"}, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, srv, http.MethodGet, "/customers", "", tc.header...)
			require.Equal(t, tc.status, r.Status)
			if tc.status == http.StatusUnauthorized {
				p := r.problem(t)
				assert.Equal(t, "Unauthorized", p.Title)
			}
		})
	}

	// Every operation needs credentials, and a refused write changes nothing.
	r := do(t, srv, http.MethodPut, "/customers/x", `{}`, "REB-APIKEY", "")
	assert.Equal(t, http.StatusUnauthorized, r.Status)
	assert.Empty(t, srv.Customers())
}

func TestAuthenticationThroughTheSDK(t *testing.T) {
	ctx := context.Background()
	srv := newServer(t)
	_, _, err := srv.Client(rebilly.WithAPIKey("sk_wrong")).Customers.List(ctx, nil)
	assert.ErrorIs(t, err, rebilly.ErrUnauthorized)
	assert.Len(t, apiError(t, err).Attempts, 1, "a 401 is not retried")

	// With no API keys, Client uses the first JWT.
	jwtOnly := newServer(t, rebillytest.WithAPIKeys(), rebillytest.WithJWTs("jwt-1", "jwt-2"))
	_, _, err = jwtOnly.Client().Customers.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"REDACTED"}, jwtOnly.Requests()[0].Header["Authorization"])
	r := do(t, jwtOnly, http.MethodGet, "/customers", "")
	assert.Equal(t, http.StatusUnauthorized, r.Status, "the default key is not accepted when WithAPIKeys() lists none")

	// Client panics, naming the cause, when the SDK refuses the options:
	// here a key on top of the JWT Client already chose.
	assert.PanicsWithValue(t,
		"rebillytest: Server.Client: rebilly: NewClient: both WithAPIKey and WithJWT given: use one",
		func() { jwtOnly.Client(rebilly.WithAPIKey("sk_x")) })
}
