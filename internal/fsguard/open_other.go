//go:build !unix

package fsguard

// openFlags: elsewhere an open of a regular file does not wait; Open has
// already refused anything else.
const openFlags = 0
