//! Reading a file named from outside (a lesson, a secret, saved progress) without trusting what is
//! there: only a regular file is read, never more than a stated number of bytes, and opening never
//! blocks. A FIFO would otherwise hang the reader, `/dev/zero` (or a symlink to it) would grow memory
//! until the process dies, and a multi-gigabyte file would be copied whole before any check.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Whether the last component of the path may be a symbolic link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symlinks {
    /// Follow a symlink to its target (which must still be a regular file): lesson files, secrets.
    Follow,
    /// Refuse a symlink: files this program also writes, so a planted link is never written through.
    Refuse,
}

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Nothing at that path.
    NotFound,
    /// Something other than a regular file (after following symlinks when allowed).
    NotRegular { kind: &'static str },
    /// Larger than the limit; nothing was read.
    TooLarge { bytes: u64, limit: u64 },
    /// Any other failure to open or read.
    Io(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound => f.write_str("no such file"),
            Self::NotRegular { kind } => write!(f, "it is {kind}, not a regular file"),
            Self::TooLarge { bytes, limit } => {
                write!(f, "it is {bytes} bytes, over the limit of {limit} bytes")
            }
            Self::Io(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// "a folder", "a FIFO (named pipe)", ...: what a non-regular file is, for messages.
pub fn describe_file_type(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

fn open_without_blocking(path: &Path, symlinks: Symlinks) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting forever.
        let mut flags = libc::O_NONBLOCK;
        if symlinks == Symlinks::Refuse {
            flags |= libc::O_NOFOLLOW;
        }
        options.custom_flags(flags);
    }
    #[cfg(not(unix))]
    let _ = symlinks;
    options.open(path)
}

/// Reads the regular file at `path`, at most `limit` bytes. The type and size are checked on the
/// opened file (fstat), so a file swapped in between a check and the open cannot slip through.
pub fn read_regular(path: &Path, limit: u64, symlinks: Symlinks) -> Result<Vec<u8>, ReadError> {
    let file = match open_without_blocking(path, symlinks) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Err(ReadError::NotFound),
        Err(error) => {
            // O_NOFOLLOW on a symlink fails with ELOOP; say what it is rather than "too many links".
            if symlinks == Symlinks::Refuse
                && let Ok(metadata) = std::fs::symlink_metadata(path)
                && metadata.file_type().is_symlink()
            {
                return Err(ReadError::NotRegular { kind: "a symbolic link" });
            }
            return Err(ReadError::Io(error));
        }
    };
    let metadata = file.metadata().map_err(ReadError::Io)?;
    if !metadata.is_file() {
        return Err(ReadError::NotRegular { kind: describe_file_type(metadata.file_type()) });
    }
    if metadata.len() > limit {
        return Err(ReadError::TooLarge { bytes: metadata.len(), limit });
    }
    // The file may grow after fstat: read one byte past the limit to notice.
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { bytes: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn make_fifo(path: &Path) {
        let c_path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    }

    #[test]
    fn a_fifo_is_refused_at_once_instead_of_hanging() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        make_fifo(&fifo);
        let error = read_regular(&fifo, 1024, Symlinks::Follow).unwrap_err();
        assert_eq!(error.to_string(), "it is a FIFO (named pipe), not a regular file");
    }

    #[test]
    fn a_symlink_to_dev_zero_is_a_device_not_endless_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let error = read_regular(&link, 1024, Symlinks::Follow).unwrap_err();
        assert_eq!(error.to_string(), "it is a character device, not a regular file");
        let refused = read_regular(&link, 1024, Symlinks::Refuse).unwrap_err();
        assert_eq!(refused.to_string(), "it is a symbolic link, not a regular file");
    }

    #[test]
    fn oversize_folder_and_missing_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'x'; 2000]).unwrap();
        assert_eq!(
            read_regular(&big, 1999, Symlinks::Follow).unwrap_err().to_string(),
            "it is 2000 bytes, over the limit of 1999 bytes"
        );
        assert_eq!(read_regular(&big, 2000, Symlinks::Refuse).unwrap().len(), 2000);
        assert_eq!(
            read_regular(dir.path(), 10, Symlinks::Follow).unwrap_err().to_string(),
            "it is a folder, not a regular file"
        );
        assert!(matches!(
            read_regular(&dir.path().join("none"), 10, Symlinks::Follow),
            Err(ReadError::NotFound)
        ));
    }
}
