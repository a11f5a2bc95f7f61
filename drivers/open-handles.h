// The handles a case's calls made and have not closed: what a driver serving cases one after
// another closes when a case ends (Platform::ReleaseCase).
#ifndef WSDSIM_DRIVER_OPEN_HANDLES_H
#define WSDSIM_DRIVER_OPEN_HANDLES_H

#include <cstdint>
#include <mutex>
#include <set>
#include <vector>

namespace wsdsim::driver
{

/// A set of handles of one kind, shared by the case's threads.
class OpenHandles
{
  public:
    /// A call made this handle.
    void Add(int64_t handle)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_handles.insert(handle);
    }

    /// A call closed this handle (or tried to: the number is the case's no more).
    void Remove(int64_t handle)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_handles.erase(handle);
    }

    /// \return every handle still open, the set left empty
    std::vector<int64_t> Take()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        std::vector<int64_t> open(m_handles.begin(), m_handles.end());
        m_handles.clear();
        return open;
    }

  private:
    std::mutex m_mutex;          //!< the case's threads share the set
    std::set<int64_t> m_handles; //!< the open handles
};

} // namespace wsdsim::driver

#endif // WSDSIM_DRIVER_OPEN_HANDLES_H
