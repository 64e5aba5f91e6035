#!/usr/bin/python3
"""
A filesystem that loses what was never synced, as a power cut does: the power-cut test's disk.

Mounts <backing dir> at <mount point> (FUSE, through Debian's python3-fusepy). Writes and
truncations are held in this process, per file, and reach the backing directory only when the
file is synced (fsync or fdatasync); reads see them. Killing this process is the power cut:
whatever was not synced is gone, and a new mount of the same backing directory shows only what
was. Creating, renaming and removing files and directories reach the backing directory at once,
as on a journalling filesystem that commits metadata promptly; only file contents are at risk.

Reading "pending" on stdin prints the bytes written and not yet synced, for the test's report.

Usage: power-cut-fs.py <backing dir> <mount point>
"""
import errno
import os
import sys
import threading

import fusepy


class PowerCutFs(fusepy.Operations):
    def __init__(self, root):
        self.root = root
        self.guard = threading.Lock()
        # path -> writes and truncations not yet synced, in order: ('w', offset, data) | ('t', size)
        self.pending = {}

    def _backing(self, path):
        return os.path.join(self.root, path.lstrip('/'))

    def _size(self, path, backing_size=None):
        """The file's size as its reader sees it: the backing file's, changed by what is pending."""
        size = os.lstat(self._backing(path)).st_size if backing_size is None else backing_size
        for op in self.pending.get(path, ()):
            size = op[1] if op[0] == 't' else max(size, op[1] + len(op[2]))
        return size

    def pending_bytes(self):
        with self.guard:
            return sum(len(op[2]) for ops in self.pending.values() for op in ops if op[0] == 'w')

    # Metadata: straight to the backing directory.

    def getattr(self, path, fh=None):
        with self.guard:
            st = os.lstat(self._backing(path))
            attrs = {key: getattr(st, key) for key in ('st_atime', 'st_ctime', 'st_gid', 'st_mode', 'st_mtime', 'st_nlink', 'st_size', 'st_uid')}
            if path in self.pending:
                attrs['st_size'] = self._size(path, st.st_size)
            return attrs

    def readdir(self, path, fh):
        return ['.', '..'] + os.listdir(self._backing(path))

    def access(self, path, mode):
        if not os.access(self._backing(path), mode):
            raise fusepy.FuseOSError(errno.EACCES)

    def chmod(self, path, mode):
        os.chmod(self._backing(path), mode)

    def chown(self, path, uid, gid):
        os.chown(self._backing(path), uid, gid)

    def utimens(self, path, times=None):
        os.utime(self._backing(path), times)

    def mkdir(self, path, mode):
        os.mkdir(self._backing(path), mode)

    def rmdir(self, path):
        os.rmdir(self._backing(path))

    def unlink(self, path):
        with self.guard:
            os.unlink(self._backing(path))
            self.pending.pop(path, None)

    def rename(self, old, new):
        with self.guard:
            os.rename(self._backing(old), self._backing(new))
            self.pending.pop(new, None)
            if old in self.pending:
                self.pending[new] = self.pending.pop(old)

    def statfs(self, path):
        st = os.statvfs(self._backing(path))
        return {key: getattr(st, key) for key in ('f_bavail', 'f_bfree', 'f_blocks', 'f_bsize', 'f_favail', 'f_ffree', 'f_files', 'f_flag', 'f_frsize', 'f_namemax')}

    def create(self, path, mode, fi=None):
        os.close(os.open(self._backing(path), os.O_WRONLY | os.O_CREAT, mode))
        return 0

    def open(self, path, flags):
        if not os.path.exists(self._backing(path)):
            raise fusepy.FuseOSError(errno.ENOENT)
        if flags & os.O_TRUNC:
            self.truncate(path, 0)
        return 0

    # Contents: held until synced.

    def read(self, path, size, offset, fh):
        with self.guard:
            fd = os.open(self._backing(path), os.O_RDONLY)
            try:
                data = bytearray(os.pread(fd, size, offset))
            finally:
                os.close(fd)
            data.extend(bytes(size - len(data)))
            for op in self.pending.get(path, ()):
                if op[0] == 't':
                    if op[1] < offset + size:
                        start = max(op[1] - offset, 0)
                        data[start:] = bytes(size - start)
                else:
                    _, at, chunk = op
                    start, end = max(at, offset), min(at + len(chunk), offset + size)
                    if start < end:
                        data[start - offset : end - offset] = chunk[start - at : end - at]
            return bytes(data[: max(0, min(size, self._size(path) - offset))])

    def write(self, path, data, offset, fh):
        with self.guard:
            self.pending.setdefault(path, []).append(('w', offset, bytes(data)))
        return len(data)

    def truncate(self, path, length, fh=None):
        with self.guard:
            self.pending.setdefault(path, []).append(('t', length))

    def fsync(self, path, datasync, fh):
        with self.guard:
            ops = self.pending.pop(path, [])
            fd = os.open(self._backing(path), os.O_WRONLY)
            try:
                for op in ops:
                    if op[0] == 't':
                        os.ftruncate(fd, op[1])
                    else:
                        os.pwrite(fd, op[2], op[1])
                os.fsync(fd)
            finally:
                os.close(fd)
        return 0

    def fsyncdir(self, path, datasync, fh):
        return 0

    def flush(self, path, fh):
        return 0

    def release(self, path, fh):
        return 0


def answer_queries(fs):
    for line in sys.stdin:
        if line.strip() == 'pending':
            print(fs.pending_bytes(), flush=True)


if __name__ == '__main__':
    backing, mount_point = sys.argv[1], sys.argv[2]
    fs = PowerCutFs(os.path.realpath(backing))
    threading.Thread(target=answer_queries, args=(fs,), daemon=True).start()
    # direct_io: every read and write comes here, so nothing the kernel cached outlives the cut.
    fusepy.FUSE(fs, mount_point, foreground=True, direct_io=True)
