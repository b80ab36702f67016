package app

import (
	"context"

	"github.com/kestractl/kestractl/core/cmdline"
	"github.com/kestractl/kestractl/core/commands"
	"github.com/kestractl/kestractl/core/contexts"
	"github.com/kestractl/kestractl/core/discovery"
	"github.com/kestractl/kestractl/core/dispatch"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// starter starts plugins for this run.
func (a *app) starter() *dispatch.Starter {
	if a.start == nil {
		a.start = &dispatch.Starter{
			Env:     dispatch.PluginEnv(a.opts.Environ, levelName(a.logger)),
			Logger:  a.logger,
			Output:  a.opts.IO.Stderr,
			UserDir: discovery.UserDir(a.getenv),
		}
	}
	return a.start
}

// catalog loads the plugin catalog (from the manifest cache when it is
// still valid).
func (a *app) catalog() (*discovery.Catalog, error) {
	if a.cat != nil {
		return a.cat, nil
	}
	start := a.starter()
	cat, err := discovery.Load(context.Background(), discovery.Options{
		Dirs:        discovery.Dirs(a.getenv, a.opts.Executable),
		CachePath:   discovery.CachePath(a.getenv),
		HostVersion: a.opts.Version,
		Reserved:    commands.Reserved(),
		Describe: func(ctx context.Context, path string) (*pb.Manifest, error) {
			return start.Describe(ctx, path, a.opts.Version)
		},
	})
	if err != nil {
		return nil, err
	}
	a.cat = cat
	return cat, nil
}

func (a *app) contexts() contexts.Loader {
	return contexts.Loader{Env: a.getenv, Warnings: a.opts.IO.Stderr}
}

// runtime is what the core's commands use.
func (a *app) runtime() *commands.Runtime {
	return &commands.Runtime{
		IO:       a.opts.IO,
		Version:  a.opts.Version,
		Env:      a.getenv,
		Contexts: a.contexts(),
		Starter:  a.starter(),
		Catalog:  a.catalog,
	}
}

// dispatcher runs plugin commands.
func (a *app) dispatcher(flags cmdline.GlobalFlags) (*dispatch.Dispatcher, error) {
	cat, err := a.catalog()
	if err != nil {
		return nil, err
	}
	return &dispatch.Dispatcher{
		IO:       a.opts.IO,
		Version:  a.opts.Version,
		Env:      a.getenv,
		Signals:  a.opts.Signals,
		Logger:   a.logger,
		LogLevel: levelName(a.logger),
		Starter:  a.starter(),
		Contexts: a.contexts(),
		Catalog:  cat,
		Flags:    flags,
	}, nil
}
