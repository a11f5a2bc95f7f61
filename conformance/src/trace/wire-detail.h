// How much of the wire a trace shows, and so what of it can be compared.
#ifndef WSDSIM_WIRE_DETAIL_H
#define WSDSIM_WIRE_DETAIL_H

namespace wsdsim
{

/// How much of the wire an implementation's trace shows, and so what is compared.
enum class WireDetail
{
    NONE,    //!< the wire was not observed: segments are not compared
    CONTROL, //!< only SYN, FIN and RST are compared, per host and direction (real stacks segment
             //!< data and acknowledge differently from the model; the handshake and the
             //!< disconnect are what the spec is about), each by its exact flag set or an
             //!< alternative of judge/flag-equivalence.cc's table
    ALL,     //!< every segment, in order, with its flags and length (the model)
};

} // namespace wsdsim

#endif // WSDSIM_WIRE_DETAIL_H
