//go:build !unix

package sitefs

import (
	"io/fs"
	"os"
)

// Elsewhere every file is read through os.Root.
func descriptor(*os.File) int { return -1 }

func readAt(int, string, []byte) ([]byte, bool) { return nil, false }

func readDirAt(int, string) ([]fs.DirEntry, bool) { return nil, false }
