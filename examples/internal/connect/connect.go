// Package connect gives the example programs their client: the real API
// when REBILLY_API_KEY is set, and otherwise an in-process fake seeded with
// sample customers, so that the examples run offline on a fresh machine.
package connect

import (
	"fmt"
	"os"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// Environment variables the examples read.
const (
	EnvAPIKey       = "REBILLY_API_KEY"         // a secret API key; unset means offline
	EnvOrganization = "REBILLY_ORGANIZATION_ID" // optional organization ID
	EnvLive         = "REBILLY_LIVE"            // "1" to use the live API instead of the sandbox
)

// Client returns a client and a line that says what it talks to. Call
// close when done: it stops the fake, if one was started.
func Client() (client *rebilly.Client, description string, close func(), err error) {
	key := os.Getenv(EnvAPIKey)
	if key == "" {
		srv := rebillytest.NewServer(rebillytest.WithSampleData())
		return srv.Client(), "Offline: using an in-process fake Rebilly API with sample customers (set " + EnvAPIKey + " to use the real API).", srv.Close, nil
	}
	opts := []rebilly.Option{rebilly.WithAPIKey(key), rebilly.WithUserAgent("rebilly-go-examples")}
	where := "sandbox"
	if os.Getenv(EnvLive) == "1" {
		where = "live"
	} else {
		opts = append(opts, rebilly.WithSandbox())
	}
	if org := os.Getenv(EnvOrganization); org != "" {
		opts = append(opts, rebilly.WithOrganization(org))
		where += ", organization " + org
	}
	client, err = rebilly.NewClient(opts...)
	if err != nil {
		return nil, "", nil, err
	}
	return client, fmt.Sprintf("Online: using the real Rebilly API (%s).", where), func() {}, nil
}
