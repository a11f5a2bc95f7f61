// A receive error model for injected faults: random loss, "drop the next N segments like this" and
// "hold the next N segments like this back", which reorders them behind later ones.
#ifndef WSA_FAULT_ERROR_MODEL_H
#define WSA_FAULT_ERROR_MODEL_H

#include "ns3/callback.h"
#include "ns3/error-model.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <set>
#include <vector>

namespace ns3
{

/**
 * \ingroup wsd
 * \brief Drops packets arriving on a point-to-point device: at random (a loss rate), and by
 *        rule (the next N TCP segments after a time whose flags include given bits), so that a
 *        scenario can lose exactly the FIN, the data before it, or the ACK of the FIN. A delay
 *        rule holds a matching segment back instead and delivers it later through the deliver
 *        callback (the device's Receive), behind the segments that arrived meanwhile: a link that
 *        reorders.
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
    /// \return the probability of losing any packet
    double GetLossRate() const;

    /**
     * \brief Drop the next segments matching a rule.
     * \param from drop nothing before this simulated time
     * \param flags the TCP flag bits the segment must all have (0: any segment)
     * \param withPayload only segments carrying data
     * \param count how many to drop
     */
    void AddDropRule(Time from, uint8_t flags, bool withPayload, uint32_t count);

    /**
     * \brief Hold the next segments matching a rule back, then deliver them.
     * \param from hold nothing before this simulated time
     * \param flags the TCP flag bits the segment must all have (0: any segment)
     * \param withPayload only segments carrying data
     * \param count how many to hold back
     * \param delay how long each is held
     */
    void AddDelayRule(Time from, uint8_t flags, bool withPayload, uint32_t count, Time delay);

    /**
     * \brief Set how a held segment is delivered when its delay is over.
     * \param deliver receives the packet as the device received it (PPP header included)
     */
    void SetDeliverCallback(Callback<void, Ptr<Packet>> deliver);

    /**
     * \brief Assign a fixed random stream, for reproducible loss.
     * \param stream the first stream index
     * \return streams used
     */
    int64_t AssignStreams(int64_t stream);

  private:
    bool DoCorrupt(Ptr<Packet> packet) override;
    void DoReset() override;

    /// One rule: drop (zero delay) or hold back the next matching segments.
    struct SegmentRule
    {
        Time from;          //!< active from
        uint8_t flags;      //!< required flag bits
        bool withPayload;   //!< data segments only
        uint32_t remaining; //!< segments left to drop or hold
        Time delay;         //!< zero: drop; else hold back this long
    };

    /// Deliver a held packet, past the rules.
    void Deliver(Ptr<Packet> packet);

    double m_lossRate;                     //!< random loss
    Ptr<UniformRandomVariable> m_random;   //!< for random loss
    std::vector<SegmentRule> m_rules;      //!< drop and delay rules
    Callback<void, Ptr<Packet>> m_deliver; //!< delivers held packets
    std::set<uint64_t> m_delivering;       //!< uids of held packets being delivered
};

} // namespace ns3

#endif // WSA_FAULT_ERROR_MODEL_H
