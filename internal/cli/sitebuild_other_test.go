//go:build !unix

package cli

import "testing"

func writtenFiles(t *testing.T, root string) int {
	t.Skip("builds carry files over only where folders can be told apart (unix)")
	return 0
}
