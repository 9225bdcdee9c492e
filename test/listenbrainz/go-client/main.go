// A ListenBrainz client built on github.com/kori/go-listenbrainz (Debian: golang-github-kori-go-listenbrainz-dev),
// a library nobody on this project wrote, pointed at a ListenBrainz-compatible server the way players with a
// "custom ListenBrainz URL" setting are: the library's own requests, sent to LISTENBRAINZ_URL instead of
// api.listenbrainz.org. test/listenbrainz/go-client.test.ts drives it against the running app.
//
//	go-client single|playing-now <artist> <title> <album> [listened_at]
//	go-client import <listened_at>... (one listen per time, "Import <i>" by "Go Client")
//	go-client listens <user>
//
// The token is read from LISTENBRAINZ_TOKEN. Prints the server's status code and body.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"

	listenbrainz "github.com/kori/go-listenbrainz"
)

// redirect sends every request to the custom server, keeping the library's path, headers and body.
type redirect struct{ base *url.URL }

// The real transport, kept before main() replaces the default.
var transport = http.DefaultTransport

var token = os.Getenv("LISTENBRAINZ_TOKEN")

func (r redirect) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.URL.Scheme = r.base.Scheme
	req.URL.Host = r.base.Host
	req.URL.Path = r.base.Path + req.URL.Path
	req.Host = r.base.Host
	// The library reads history without a token (public profiles on listenbrainz.org); listens are
	// private here, so the token goes with every request, as a client configured with one sends it.
	if req.Header.Get("Authorization") == "" && token != "" {
		req.Header.Set("Authorization", "Token "+token)
	}
	return transport.RoundTrip(req)
}

func main() {
	base, err := url.Parse(os.Getenv("LISTENBRAINZ_URL"))
	if err != nil || base.Host == "" {
		fail("LISTENBRAINZ_URL must be the server's base URL")
	}
	// The library uses http.Get and &http.Client{}: both go through http.DefaultTransport.
	http.DefaultTransport = redirect{base}

	args := os.Args[1:]
	if len(args) == 0 {
		fail("usage: single|playing-now|import|listens ...")
	}
	var res *http.Response
	switch args[0] {
	case "single", "playing-now":
		if len(args) < 4 {
			fail("usage: " + args[0] + " <artist> <title> <album> [listened_at]")
		}
		track := listenbrainz.Track{Artist: args[1], Title: args[2], Album: args[3]}
		if args[0] == "playing-now" {
			res, err = listenbrainz.SubmitPlayingNow(track, token)
		} else {
			res, err = listenbrainz.SubmitSingle(track, token, atoi(args[4]))
		}
	case "import":
		// The library formats single and playing_now; an import is its Submission with listen_type "import".
		sub := listenbrainz.Submission{ListenType: "import"}
		for i, at := range args[1:] {
			sub.Payloads = append(sub.Payloads, listenbrainz.Payload{
				ListenedAt: atoi(at),
				Track:      listenbrainz.Track{Artist: "Go Client", Title: fmt.Sprintf("Import %d", i), Album: "Batch"},
			})
		}
		body, _ := json.Marshal(sub)
		res, err = listenbrainz.SubmitRequest(body, token)
	case "listens":
		res, err = listenbrainz.GetListenHistory(args[1], 25)
	default:
		fail("unknown command " + args[0])
	}
	if err != nil {
		fail(err.Error())
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	fmt.Printf("%d\n%s\n", res.StatusCode, body)
}

func atoi(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		fail("not a unix time: " + s)
	}
	return n
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(2)
}
