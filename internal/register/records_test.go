package register_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/shequ-dev/shequ/internal/register"
)

// Every record is retired, never deleted, and says so the same way.
func TestIsRetired(t *testing.T) {
	r := &retiredAt
	tests := []struct {
		name            string
		active, retired interface{ IsRetired() bool }
	}{
		{"building", &register.Building{}, &register.Building{Retired: r}},
		{"house", &register.House{}, &register.House{Retired: r}},
		{"person", &register.Person{}, &register.Person{Retired: r}},
		{"household", &register.Household{}, &register.Household{Retired: r}},
		{"residence", &register.Residence{}, &register.Residence{Retired: r}},
		{"rental", &register.Rental{}, &register.Rental{Retired: r}},
		{"organisation", &register.Organisation{}, &register.Organisation{Retired: r}},
		{"facility", &register.Facility{}, &register.Facility{Retired: r}},
	}
	for _, tt := range tests {
		if tt.active.IsRetired() || !tt.retired.IsRetired() {
			t.Errorf("%s: IsRetired wrong", tt.name)
		}
	}
}

func TestFacilityInputNormalize(t *testing.T) {
	in := register.FacilityInput{Code: " 320508 0101 ０００００１ ", Address: " 平江路\u3000100号 门前 "}
	in.Normalize()
	if in.Code != "3205080101000001" || in.Address != "平江路 100号 门前" {
		t.Errorf("Normalize = %+v", in)
	}
}

// A Problem is an error whose text is its catalogue key, and errors.Is finds it through
// wrapping.
func TestProblem(t *testing.T) {
	err := fmt.Errorf("row 12: %w", register.ErrIDCheck)
	if !errors.Is(err, register.ErrIDCheck) || errors.Is(err, register.ErrIDDate) {
		t.Errorf("errors.Is does not tell problems apart through wrapping")
	}
	if register.ErrIDCheck.Error() != "err.id_number_check" || register.ErrIDCheck.Key() != "err.id_number_check" {
		t.Errorf("ErrIDCheck = %q / %q", register.ErrIDCheck.Error(), register.ErrIDCheck.Key())
	}
}
