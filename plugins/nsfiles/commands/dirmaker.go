package commands

import (
	"sync"

	"github.com/kestractl/kestractl/plugins/nsfiles/nsapi"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// dirMaker creates the missing remote directories of an upload, each once,
// just before the first file goes into it: nothing is created for files
// that are not uploaded.
type dirMaker struct {
	c       *plugin.Context
	client  *kestra.Client
	ns      string
	missing map[string]*sync.Once // read-only once built
}

func newDirMaker(c *plugin.Context, client *kestra.Client, ns string, missing map[string]bool) *dirMaker {
	d := &dirMaker{c: c, client: client, ns: ns, missing: make(map[string]*sync.Once, len(missing))}
	for dir := range missing {
		d.missing[dir] = new(sync.Once)
	}
	return d
}

// ensure creates dir (and its parents) when it was missing. A failure is
// only traced: the upload into it reports what is wrong.
func (d *dirMaker) ensure(dir string) {
	once := d.missing[dir]
	if once == nil {
		return
	}
	once.Do(func() {
		if err := nsapi.Mkdir(d.c, d.client, d.ns, dir); err != nil {
			_ = d.c.Debug("create directory %s: %v", dir, err)
		}
	})
}
