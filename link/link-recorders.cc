// What wsdsim-link records of the link (see link-recorders.h).
#include "link/link-recorders.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace wsdsim::link
{

LinkRecorders::LinkRecorders(const std::string& segmentsPath,
                             const std::string& pcapPrefix,
                             int64_t startEpochNs)
    : m_segmentsPath(segmentsPath)
{
    if (!segmentsPath.empty())
    {
        // "e": closed on exec, so that the command under test does not inherit it.
        m_segmentsFile = std::fopen(segmentsPath.c_str(), "we");
        if (!m_segmentsFile)
        {
            throw std::runtime_error(segmentsPath + ": cannot be written: " + std::strerror(errno));
        }
        m_segments.emplace(m_segmentsFile);
    }
    if (!pcapPrefix.empty())
    {
        try
        {
            m_pcaps.emplace(pcapPrefix, startEpochNs);
        }
        catch (const std::exception&)
        {
            if (m_segmentsFile)
            {
                std::fclose(m_segmentsFile); // the destructor does not run after a throw
            }
            throw;
        }
    }
}

LinkRecorders::~LinkRecorders()
{
    if (m_segmentsFile)
    {
        std::fclose(m_segmentsFile);
    }
}

std::vector<PacketObserver*>
LinkRecorders::Observers()
{
    std::vector<PacketObserver*> observers;
    if (m_segments)
    {
        observers.push_back(&*m_segments);
    }
    if (m_pcaps)
    {
        observers.push_back(&*m_pcaps);
    }
    return observers;
}

void
LinkRecorders::Close()
{
    if (m_segmentsFile)
    {
        const bool written = std::ferror(m_segmentsFile) == 0;
        const bool closed = std::fclose(m_segmentsFile) == 0;
        m_segmentsFile = nullptr;
        m_segments.reset();
        if (!written || !closed)
        {
            throw std::runtime_error(m_segmentsPath + ": not written whole");
        }
    }
    if (m_pcaps)
    {
        m_pcaps->Close();
    }
}

} // namespace wsdsim::link
