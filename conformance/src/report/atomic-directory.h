// A directory built in a hidden sibling and renamed into place, so no reader sees it half-written.
#ifndef WSDSIM_ATOMIC_DIRECTORY_H
#define WSDSIM_ATOMIC_DIRECTORY_H

#include <filesystem>

namespace wsdsim
{

/**
 * \brief Builds a directory in a staging sibling, then swaps it in at the target path.
 *
 * Begin() creates `<parent>/.<name>.tmp-<pid>-<n>` beside the target. Everything is written
 * there; Commit() flushes it to disk and renames it to the target. When the target already
 * exists it is exchanged with the staging directory in one step (Linux `renameat2`
 * `RENAME_EXCHANGE`), then the old contents are removed; on file systems without the exchange
 * the old target is first renamed to `.<name>.old-<pid>-<n>`. Whenever the process is killed,
 * the target path holds either the old complete directory, the new complete one, or (only in
 * the fallback, between two renames) nothing: never a mixture.
 *
 * An existing target is replaced whatever it holds: callers that take the target from a user
 * check it first (ReportStaging only replaces an empty folder or an earlier report).
 *
 * Staging and old directories left behind by killed processes are removed by the next Begin()
 * for the same target (RemoveStale()).
 */
class AtomicDirectory
{
  public:
    AtomicDirectory() = default;
    /// Abandons the staging directory if neither Commit() nor Abandon() was called.
    ~AtomicDirectory();
    AtomicDirectory(const AtomicDirectory&) = delete;
    AtomicDirectory& operator=(const AtomicDirectory&) = delete;

    /**
     * \brief Create the staging directory for a target (creating the target's parents).
     * \param target the directory to produce; it need not exist
     * \return the staging directory, where the contents are to be written
     * \throws std::logic_error when already begun, std::invalid_argument for a target without
     *         a name ("/") or one that is the working directory or one of its parents ("."),
     *         std::filesystem::filesystem_error when the file system refuses
     */
    std::filesystem::path Begin(const std::filesystem::path& target);

    /**
     * \brief Flush the staging directory and put it in place of the target.
     * \throws std::logic_error when not begun, std::filesystem::filesystem_error on failure (the
     *         target is then unchanged and the staging directory still there)
     */
    void Commit();

    /**
     * \brief Remove the staging directory and everything in it; the target is untouched.
     * Does nothing when not begun. \throws std::filesystem::filesystem_error on failure
     */
    void Abandon();

    /// \return whether Begin() was called and neither Commit() nor Abandon() since
    bool IsActive() const;
    /// \return the staging directory (empty when not active)
    const std::filesystem::path& GetStagingPath() const;
    /// \return the absolute target path given to Begin()
    const std::filesystem::path& GetTargetPath() const;

    /**
     * \brief Remove the staging and old directories of a target left by processes that no
     * longer run. Directories of running processes (this one included) are left alone.
     * \param target the target directory
     */
    static void RemoveStale(const std::filesystem::path& target);

  private:
    std::filesystem::path m_target;  //!< absolute, normalised target directory
    std::filesystem::path m_staging; //!< the staging sibling while active
    bool m_active{false};            //!< between Begin() and Commit() / Abandon()
};

} // namespace wsdsim

#endif // WSDSIM_ATOMIC_DIRECTORY_H
