// A receive error model for injected faults: random loss plus "drop the next N segments like this".
#ifndef WSA_FAULT_ERROR_MODEL_H
#define WSA_FAULT_ERROR_MODEL_H

#include "ns3/error-model.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup wsd
 * \brief Drops packets arriving on a point-to-point device: at random (a loss rate), and by
 *        rule (the next N TCP segments after a time whose flags include given bits), so that a
 *        scenario can lose exactly the FIN, the data before it, or the ACK of the FIN.
 */
class WsaFaultErrorModel : public ErrorModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    WsaFaultErrorModel();

    /// \param rate probability of losing any packet
    void SetLossRate(double rate);

    /**
     * \brief Drop the next segments matching a rule.
     * \param from drop nothing before this simulated time
     * \param flags the TCP flag bits the segment must all have (0: any segment)
     * \param withPayload only segments carrying data
     * \param count how many to drop
     */
    void AddDropRule(Time from, uint8_t flags, bool withPayload, uint32_t count);

    /**
     * \brief Assign a fixed random stream, for reproducible loss.
     * \param stream the first stream index
     * \return streams used
     */
    int64_t AssignStreams(int64_t stream);

  private:
    bool DoCorrupt(Ptr<Packet> packet) override;
    void DoReset() override;

    /// One drop rule.
    struct DropRule
    {
        Time from;          //!< active from
        uint8_t flags;      //!< required flag bits
        bool withPayload;   //!< data segments only
        uint32_t remaining; //!< drops left
    };

    double m_lossRate;                   //!< random loss
    Ptr<UniformRandomVariable> m_random; //!< for random loss
    std::vector<DropRule> m_rules;       //!< drop rules
};

} // namespace ns3

#endif // WSA_FAULT_ERROR_MODEL_H
