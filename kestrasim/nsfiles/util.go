package nsfiles

import (
	"os"
	"time"
)

func removeQuietly(name string) { _ = os.Remove(name) }

func fileTime(a Attributes) time.Time { return time.UnixMilli(a.LastModifiedTime) }
