package rules

import (
	"math"
	"strings"
	"testing"
)

// TestOptionUnits: every option says what its values mean, and its default
// is such a value, so concord.yaml is checked against the same meaning the
// rule reads it with (a threshold of 70 is refused, not read as 7000%).
func TestOptionUnits(t *testing.T) {
	n := 0
	for _, r := range All() {
		for _, o := range r.Options {
			n++
			d := o.Default
			switch o.Unit {
			case Fraction:
				if d < 0 || d > 1 {
					t.Errorf("%s.%s: fraction with default %g", r.ID, o.Name, d)
				}
			case Switch:
				if d != 0 && d != 1 {
					t.Errorf("%s.%s: switch with default %g", r.ID, o.Name, d)
				}
			case Count:
				if d < 0 || d != math.Trunc(d) {
					t.Errorf("%s.%s: count with default %g", r.ID, o.Name, d)
				}
			default:
				t.Errorf("%s.%s: unknown unit %d", r.ID, o.Name, o.Unit)
			}
			if strings.Contains(o.Name, "threshold") && o.Unit != Fraction {
				t.Errorf("%s.%s: a threshold is a fraction", r.ID, o.Name)
			}
			if strings.HasPrefix(o.Doc, "1 ") && o.Unit != Switch {
				t.Errorf("%s.%s: documented as 1 or 0 but not a switch", r.ID, o.Name)
			}
		}
	}
	if n < 5 {
		t.Errorf("only %d options", n)
	}
}
