package rebillytest

import (
	"os"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"
)

// The names a custom event type may not take are exactly the timeline
// message types of the API's definition, and the types the fake records
// are among them.
func TestSystemTimelineTypesAreTheDefinitions(t *testing.T) {
	const path = "../../shared/openapi/customer-api.openapi.yaml"
	if os.Getenv("REBILLY_CONTRACT_TESTS") != "1" {
		t.Skip("REBILLY_CONTRACT_TESTS is not 1: skipping the check against " + path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("REBILLY_CONTRACT_TESTS=1 requires %s: %v", path, err)
	}
	var doc struct {
		Components struct {
			Schemas struct {
				CustomerTimeline struct {
					Properties struct {
						Type struct {
							Enum []string `yaml:"enum"`
						} `yaml:"type"`
					} `yaml:"properties"`
				} `yaml:"CustomerTimeline"`
			} `yaml:"schemas"`
		} `yaml:"components"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	want := slices.Sorted(slices.Values(doc.Components.Schemas.CustomerTimeline.Properties.Type.Enum))
	if len(want) == 0 {
		t.Fatal("the definition has no CustomerTimeline type enum")
	}
	if !slices.Equal(want, systemTimelineTypes) {
		t.Errorf("systemTimelineTypes differ from the definition's enum:\n got %v\nwant %v", systemTimelineTypes, want)
	}
	for _, typ := range []string{typeCustomerCreated, typeCommentCreated, typeCustomEvent, typeLeadSourceChanged,
		typeCustomerTagged, typeCustomerUntagged, typeCustomFieldsChange, typeCustomerMerged} {
		if !slices.Contains(want, typ) {
			t.Errorf("the fake records %q, which the definition does not list", typ)
		}
	}
}
