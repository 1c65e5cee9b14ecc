//go:build unix

package fsguard

import "syscall"

// openFlags make an open return at once, whatever the file turns out to be.
const openFlags = syscall.O_NONBLOCK | syscall.O_NOCTTY
