package server

// What the tests observe in a Server that no command asks for.

// SearchStats counts what became of searches since the server started:
// started (given a turn), refused (no turn before the timeout, or no room to
// wait) and, of those started, timed out.
type SearchStats struct {
	Started, Refused, TimedOut int64
}

// SearchStats returns the counts so far.
func (s *Server) SearchStats() SearchStats {
	return SearchStats{Started: s.stats.started.Load(), Refused: s.stats.refused.Load(), TimedOut: s.stats.timedOut.Load()}
}

// Failed returns the failure open pages are showing, if any.
func (s *Server) Failed() *Failure {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.failure
}

// EventClients is the number of open live-reload streams.
func (s *Server) EventClients() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.subs)
}
