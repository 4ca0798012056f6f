#!/bin/bash
# Refused flows for the differential test (see tests/diff/flow.sh): keys
# without their prerequisites, illegal masks and values, actions their
# flow does not allow or nested too deep, duplicates, modifications,
# deletions and lookups of flows that do not exist, and flows on a
# datapath that does not exist. Each gets the kernel's errno through
# ovs-dpctl's or ovs-vswitchd's message (as in flow.sh, most go through
# ovs-appctl dpctl/*, which costs half as much as an ovs-dpctl run under
# TCG); the few that the in-tree module accepts after all are dumped at
# the end.
#
# Both tools check their own syntax first, so what they cannot send
# (frag values above 2, IPv6 labels of 2^20 and more, ct_state bits above
# 0xff, four MPLS labels, unknown hash algorithms, truncated, oversized
# or duplicated attributes, a datapath ifindex that does not exist...) is
# in raw_flow.py.
set -u
# shellcheck source=common.bash
. "$(dirname "$0")/common.bash"

# shellcheck source=../lib/dpctl.bash
. "$(dirname "$0")/../lib/dpctl.bash"

step ovs-dpctl add-dp dp0
step ovs-dpctl add-if dp0 p1,type=internal
step ovs-dpctl add-if dp0 p2,type=internal
step ovs_start

# Layer 3 and 4 without their prerequisites.
step ovs-dpctl add-flow dp0 'in_port(1),eth(),eth_type(0x0800),tcp(src=1,dst=2),tcp_flags(0)' 2
step ovs-dpctl add-flow dp0 'in_port(1),eth(),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=17,tos=0,ttl=64,frag=no)' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth_type(0x86dd),ipv4(src=10.0.0.1,frag=no)' 2
step ovs-dpctl add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(proto=6,frag=no)' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(proto=6,frag=no),tcp(dst=80)' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(proto=6/0xf0,frag=no),tcp(dst=80),tcp_flags(0)' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(proto=6,frag=no),udp(dst=53)' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x86dd),ipv6(proto=1,frag=no),icmp(type=8,code=0)' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(proto=58,frag=no),icmpv6(type=128,code=0)' 2
step ovs-dpctl add-flow dp0 'in_port(1),eth(),eth_type(0x86dd),ipv6(proto=58,frag=no),icmpv6(type=128,code=0),nd(target=2001:db8::1)' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x86dd),ipv6(proto=58,frag=no),icmpv6(type=135/0xf0,code=0),nd(target=2001:db8::1)' 2
step ovs-dpctl add-flow dp0 'in_port(1),eth(),arp(op=1)' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0806)' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x8847)' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(frag=no),mpls(label=1,tc=0,ttl=1,bos=1)' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x894f)' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1),packet_type(ns=1,id=0x894f)' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1)' 2
step ovs-appctl dpctl/add-flow dp0 'skb_mark(0x1)' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(proto=17,frag=no),udp(dst=53),ct_tuple6(src=2001:db8::1,dst=2001:db8::2,proto=17,tp_src=1,tp_dst=2)' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x86dd),ipv6(proto=58,frag=no),icmpv6(type=135,code=0),nd(target=2001:db8::1),ct_tuple6(src=2001:db8::1,dst=2001:db8::2,proto=58,tp_src=0,tp_dst=0)' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x86dd),ipv6(proto=58,frag=no),icmpv6(type=136,code=0),nd(target=2001:db8::1),nd_ext(nd_reserved=0x1,nd_options_type=2)' 2
# Illegal values and masks.
step ovs-dpctl add-flow dp0 'in_port(65535),eth()' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(65536),eth()' 2
step ovs-dpctl add-flow dp0 'in_port(1),eth(),eth_type(0x05ff)' 2
step ovs-dpctl add-flow dp0 'skb_mark(0x77),in_port(1),eth(),eth_type(0x0800/0xff00),ipv4(frag=no)' 2
step ovs-dpctl add-flow dp0 'in_port(1),eth(),eth_type(0x8100),vlan(vid=10,pcp=0,cfi=0),encap(eth_type(0x0800),ipv4(frag=no))' 2
step ovs-dpctl add-flow dp0 'in_port(1),eth(),eth_type(0x8100),vlan(vid=10/0xfff,pcp=0/0,cfi=1/0),encap(eth_type(0x0800),ipv4(frag=no))' 2
step ovs-dpctl add-flow dp0 'in_port(1),eth(),eth_type(0x8100),vlan(vid=0,pcp=0,cfi=0),encap()' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x8100),vlan(vid=10,pcp=0)' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0800),vlan(vid=10,pcp=0),ipv4(frag=no)' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x88a8),vlan(vid=1,pcp=0),encap(eth_type(0x8100),vlan(vid=2,pcp=0),encap(eth_type(0x8100),vlan(vid=3,pcp=0),encap(eth_type(0x0800),ipv4(frag=no))))' 2
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x8100),vlan(vid=10,pcp=0),encap(in_port(2),eth_type(0x0800),ipv4(frag=no))' 2
step ovs-appctl dpctl/add-flow dp0 'ct_state(+trk),ct_label(0x1),in_port(1),eth(),eth_type(0x86dd),ipv6(frag=no),ct_tuple4(src=10.0.0.1,dst=10.0.0.2,proto=6,tp_src=1,tp_dst=2)' 2
step ovs-appctl dpctl/add-flow dp0 'tunnel(src=192.168.0.1,ttl=64),in_port(1),eth()' 2
step ovs-dpctl add-flow dp0 'tunnel(dst=192.168.0.1),in_port(1),eth()' 2
step ovs-appctl dpctl/add-flow dp0 'tunnel(dst=192.168.0.1,ipv6_dst=2001:db8::1,ttl=64),in_port(1),eth()' 2
step ovs-appctl dpctl/add-flow dp0 'tunnel(dst=0.0.0.0,ttl=64),in_port(1),eth()' 2
# Actions the flow does not allow, and bad action values.
step ovs-dpctl add-flow dp0 'in_port(1),eth()' 65535
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth()' 'userspace(pid=0)'
step ovs-dpctl add-flow dp0 'in_port(1),eth()' 'set(ipv4(src=10.0.0.1,dst=10.0.0.2,proto=6,tos=0,ttl=64,frag=no))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(proto=17,frag=no),udp()' 'set(tcp(src=1,dst=2))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 'set(ipv6(hlimit=1))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 'set(mpls(label=1,tc=0,ttl=1,bos=1))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x8847),mpls(label=1,tc=0,ttl=1,bos=0,label=2,tc=0,ttl=1,bos=1)' 'set(mpls(label=9,tc=0,ttl=9,bos=0,label=8,tc=0,ttl=8,bos=1))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth_type(0x0800),ipv4(frag=no)' 'set(eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(proto=6,frag=no),tcp(),tcp_flags(0/0)' 'set(ipv4(src=10.0.0.1,dst=10.0.0.2,proto=17,tos=0,ttl=64,frag=no))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 'set(ipv4(ttl=1/0xff,frag=first))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x86dd),ipv6(src=2001:db8::1,dst=2001:db8::2,label=0x1,proto=17,tclass=0,hlimit=64,frag=no),udp()' 'set(ipv6(src=2001:db8::a,dst=2001:db8::b,label=0xabcde,proto=17,tclass=0x10,hlimit=63,frag=no))'
step ovs-dpctl add-flow dp0 'in_port(1),eth()' 'set(eth(dst=02:00:00:00:00:bb/ff:ff:ff:ff:ff:00))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth()' 'set(in_port(2))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(proto=1,frag=no),icmp()' 'set(icmp(type=0,code=0))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0806),arp()' 'set(arp(op=2))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth()' 'set(ct_state(+trk))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth()' 'set(tunnel(src=192.168.0.1,ttl=64))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth()' 'set(tunnel(dst=192.168.0.5,ttl=64,vxlan(gbp(id=10,flags=0x1))))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth()' 'set(tunnel(dst=192.168.0.6,ttl=64,erspan(ver=1,idx=0x7)))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth()' 'set(tunnel(ipv6_dst=2001:db8::6,ttl=64,erspan(ver=2,dir=1,hwid=0x4)))'
step ovs-dpctl add-flow dp0 'in_port(1),eth()' 'push_vlan(tpid=0x0800,vid=1,pcp=0)'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth()' 'push_vlan(vid=1,pcp=0,cfi=0)'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth_type(0x0800),ipv4(frag=no)' 'push_vlan(vid=1,pcp=0)'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth_type(0x0800),ipv4(frag=no)' 'pop_vlan'
step ovs-dpctl add-flow dp0 'in_port(1),eth()' 'trunc(13)'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth()' 'trunc(0)'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth()' 'ct(commit)'
step ovs-dpctl add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(proto=6,frag=no),tcp(),tcp_flags(0/0)' 'ct(commit,helper=nosuchhelper)'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(proto=17,frag=no),udp()' 'ct(commit,helper=ftp)'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 'ct(mark=0x1/0x1)'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 'ct(label=0x1/0x1)'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 'ct(nat(src=10.0.0.1))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 'ct(commit,nat(src=[2001:db8::1]))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 'add_mpls(label=1,tc=0,ttl=1,bos=1,eth_type=0x0800)'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth()' 'check_pkt_len(size=0,gt(1),le(2))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth()' 'lb_output(1)'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth()' 'tnl_pop(1)'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth()' 'push_nsh(mdtype=1,np=1,spi=0x1,si=255),push_nsh(mdtype=1,np=1,spi=0x1,si=255)'
step ovs-dpctl add-flow dp0 'in_port(1),eth()' 'clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(1)))))))))))))))))'
step ovs-dpctl add-flow dp0 'in_port(1),eth()' 'sample(sample=50%,actions(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(1))))))))))))))))))'
step ovs-appctl dpctl/add-flow dp0 'in_port(1),eth()' 'check_pkt_len(size=100,gt(1),le(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(1))))))))))))))))))'
step ovs-appctl dpctl/add-flow dp0 'skb_mark(0x78),in_port(1),eth()' 'clone(2),sample(sample=1%,actions(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(1)))))))))))))))))'

# Duplicates and lookups that find nothing.
step ovs-dpctl add-flow dp0 'recirc_id(1),in_port(2),eth(),eth_type(0x0800),ipv4(frag=no)' 2
step ovs-dpctl add-flow dp0 'recirc_id(1),in_port(2),eth(),eth_type(0x0800),ipv4(frag=no)' 2
step ovs-dpctl add-flow dp0 'recirc_id(1),in_port(2),eth(),eth_type(0x0800),ipv4(src=10.0.0.1,frag=no)' 2
step ovs-dpctl add-flow dp0 'ufid:66666666-2222-3333-4444-555555555500,recirc_id(1),in_port(2),eth(),eth_type(0x0800),ipv4(frag=no)' 2
step ovs-dpctl add-flow dp0 'ufid:66666666-2222-3333-4444-555555555501,recirc_id(2),in_port(2),eth()' 2
step ovs-dpctl add-flow dp0 'ufid:66666666-2222-3333-4444-555555555501,recirc_id(2),in_port(2),eth()' 2
step ovs-dpctl add-flow dp0 'ufid:66666666-2222-3333-4444-555555555501,recirc_id(3),in_port(2),eth()' 2
step ovs-dpctl add-flow dp0 'ufid:66666666-2222-3333-4444-555555555502,recirc_id(2),in_port(2),eth()' 2
step ovs-dpctl add-flow dp0 'recirc_id(2),in_port(2),eth()' 2
step ovs-dpctl mod-flow dp0 'recirc_id(9),in_port(2),eth()' 2
step ovs-dpctl mod-flow dp0 'recirc_id(2),in_port(2),eth()' 1
step ovs-dpctl mod-flow dp0 'ufid:66666666-2222-3333-4444-555555555599,recirc_id(2),in_port(2),eth()' 1
step ovs-dpctl mod-flow dp0 'ufid:66666666-2222-3333-4444-555555555501,recirc_id(4),in_port(2),eth()' 1
step ovs-dpctl mod-flow --may-create dp0 'recirc_id(1),in_port(2),eth(),eth_type(0x0800),ipv4(src=10.0.0.1/255.0.0.0,frag=no)' 1
step ovs-dpctl mod-flow dp0 'recirc_id(1),in_port(2),eth(),eth_type(0x0800),ipv4(frag=no)' 'set(ipv6(hlimit=1))'
step ovs-dpctl del-flow dp0 'recirc_id(9),in_port(2),eth()'
step ovs-dpctl del-flow dp0 'recirc_id(2),in_port(2),eth()'
step ovs-dpctl del-flow dp0 'ufid:66666666-2222-3333-4444-555555555599'
step ovs-dpctl del-flow dp0 'ufid:66666666-2222-3333-4444-555555555501,recirc_id(2)'
step ovs-dpctl del-flow dp0 'in_port(65535),eth()'
step ovs-dpctl get-flow dp0 ufid:66666666-2222-3333-4444-555555555599

# What the refusals left installed.
step ovs-dpctl show dp0
step sorted ovs-dpctl dump-flows -m dp0
step ovs-dpctl del-flows dp0

# A datapath that does not exist.
step ovs-dpctl add-flow nosuchdp 'in_port(1),eth()' 2
step ovs-dpctl mod-flow nosuchdp 'in_port(1),eth()' 2
step ovs-dpctl get-flow nosuchdp ufid:66666666-2222-3333-4444-555555555501
step ovs-dpctl del-flow nosuchdp 'in_port(1),eth()'
step ovs-dpctl dump-flows nosuchdp
step ovs-dpctl del-dp dp0
step ovs-dpctl add-flow 'in_port(1),eth()' 2
step ovs-dpctl dump-flows
step ovs-appctl dpctl/dump-flows
step ovs-appctl -t ovs-vswitchd exit
step ovs-appctl -t ovsdb-server exit
