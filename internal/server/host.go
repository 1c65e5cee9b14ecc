package server

import (
	"net"
	"net/http"
	"strings"
)

// hostPolicy is the Host names the server answers to. A page on another
// site can point its own name at 127.0.0.1 (DNS rebinding) and then read
// this server as if it were its own origin; the browser still sends the
// page's name as Host, so refusing names the server was not asked to answer
// for closes that door, as Vite, webpack-dev-server and Caddy do.
type hostPolicy struct {
	names map[string]bool // besides localhost and loopback addresses
	// anyIP: the server listens on every address (0.0.0.0, ::), so it is
	// reached by whatever address the machine has. A literal address in
	// Host cannot be rebound.
	anyIP bool
}

// AllowListenHost adds the host of a --listen address (host:port) to the
// names the server answers to. An unspecified host (":8080", "0.0.0.0",
// "::") allows every IP address, though still no other name.
func (s *Server) AllowListenHost(addr string) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	host = normalHost(host)
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		s.hosts.anyIP = true
		return
	}
	s.hosts.names[host] = true
}

// normalHost lower-cases a host name and drops IPv6 brackets and a trailing
// dot ("LocalHost." is localhost).
func normalHost(h string) string {
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

func (p *hostPolicy) allows(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = normalHost(host)
	if host == "" {
		return false
	}
	if host == "localhost" || p.names[host] {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || p.anyIP)
}

// checkHost answers 421 Misdirected Request to a Host the server does not
// serve, before anything else is read.
func (s *Server) checkHost(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.hosts.allows(r.Host) {
			w.Header().Set("Connection", "close")
			http.Error(w, "misdirected request: this server answers only to the host names it listens on", http.StatusMisdirectedRequest)
			return
		}
		h.ServeHTTP(w, r)
	})
}
